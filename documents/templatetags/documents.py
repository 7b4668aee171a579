from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def reader_files(document) -> dict:
    """The document's file in the reader's language first, then the others.

    ``{"main": file or None, "others": [...]}``; without a file in the
    reader's language, the first one becomes the main link. Reads the
    prefetched ``files``.
    """
    files = list(document.files.all())
    language = get_language()
    files.sort(key=lambda f: f.language != language)
    return {"main": files[0] if files else None, "others": files[1:]}
