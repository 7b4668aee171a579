from django import template

from editorial.inbox import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_panels(context) -> list:
    """The work inbox of the signed-in person (editorial/inbox.py)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return panels_for(request.user)
