from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from pages.menu import build_menu


def site(request) -> dict:
    """The site menu, loaded only by the templates that show it."""
    return {"menu": SimpleLazyObject(lambda: build_menu(get_language()))}
