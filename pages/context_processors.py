from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from pagecache.fragments import template_cache
from pages.menu import build_menu


def site(request) -> dict:
    """The site menu, and what the ``{% cache %}`` tags around it need.

    Both are read only when a template uses them: a cached menu and footer
    (``base.html``) do not load the menu at all.
    """
    return {
        "menu": SimpleLazyObject(lambda: build_menu(get_language())),
        "fragment_cache": SimpleLazyObject(template_cache),
    }
