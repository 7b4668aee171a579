"""``{% load pictures %}``: ``{% picture image "16:9" sizes="…" %}``."""

from django import template
from django.template.loader import render_to_string

from images import usage
from images.renditions import FORMATS, SHAPES
from images.storage import library_storage

register = template.Library()


def _srcset(entries: list) -> str:
    return ", ".join(
        f"{library_storage().url(name)} {width}w" for width, _height, name in entries
    )


@register.simple_tag
def picture(
    image,
    shape: str = "16:9",
    sizes: str = "100vw",
    css_class: str = "",
    eager: bool = False,
):
    """A ``<picture>`` of ``image`` cut to ``shape`` (see ``SHAPES``).

    Loaded lazily, unless ``eager``: a page's main photo (a release's lead)
    is fetched at once and first.

    AVIF and WebP sources come first, the JPEG ``srcset`` on the ``<img>``
    last; until the background task has made them, the original stands in
    (the browser scales it), so a page never waits for renditions.
    """
    if image is None:
        return ""
    if shape not in SHAPES:
        raise template.TemplateSyntaxError(
            f"picture: unknown shape {shape!r}; use one of {', '.join(SHAPES)}"
        )
    made = image.renditions.get("shapes", {}).get(shape)
    context = {
        "image": image,
        "alt": image.alt_text,
        "sizes": sizes,
        "class": css_class,
        "eager": eager,
    }
    if not made or not made.get("jpg"):
        context.update(src=image.file.url, width=image.width, height=image.height)
        return render_to_string("images/_picture.html", context)
    jpegs = made["jpg"]
    largest = jpegs[-1]
    context.update(
        sources=[
            {"type": media_type, "srcset": _srcset(made[ext])}
            for _format, ext, media_type in FORMATS
            if ext != "jpg" and made.get(ext)
        ],
        src=library_storage().url(largest[2]),
        srcset=_srcset(jpegs),
        width=largest[0],
        height=largest[1],
    )
    return render_to_string("images/_picture.html", context)


@register.filter(is_safe=True)
def with_file_passes(html):
    """``html`` with the pass being issued added to every library address
    in it (an embargoed preview's body); unchanged everywhere else."""
    return usage.with_passes(html)


@register.filter(is_safe=True)
def without_withdrawn(html):
    """``html`` (a rich-text body) with the library photos whose rights
    have expired replaced by the withdrawn placeholder."""
    return usage.without_withdrawn(html)
