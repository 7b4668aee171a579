"""The kept page frame's pieces, for ``base.html`` (``pagecache/layout.py``)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def frame_part(context, number: int) -> str:
    """The kept frame's text before hole ``number`` (``pagecache/layout.py``)."""
    from pagecache.layout import frame

    parts = context.render_context.get("frame")
    if parts is None:
        parts = frame(context.get("request"), context.get("menu"))
        context.render_context["frame"] = parts
    return parts[number]
