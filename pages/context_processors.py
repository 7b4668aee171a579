from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from pagecache.fragments import remember
from pages.menu import build_menu


def site(request) -> dict:
    """The site menu, loaded only by the templates that show it."""

    def menu():
        language = get_language()
        return remember("menu", language, lambda: build_menu(language))

    return {"menu": SimpleLazyObject(menu)}
