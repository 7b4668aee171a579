"""What the admin's sign-in page needs to offer single sign-on."""

from django import template

from sso import conf, discovery

register = template.Library()


@register.simple_tag
def single_sign_on() -> dict | None:
    """None when single sign-on is off; else whether the provider answers
    (its discovery document is cached, so this rarely costs a request)."""
    provider = conf.provider()
    if provider is None:
        return None
    try:
        discovery.endpoints(provider)
    except discovery.ProviderUnavailable:
        return {"available": False}
    return {"available": True}
