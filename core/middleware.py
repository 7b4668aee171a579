"""Response headers that every page carries."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        # No <base> at all: one slipped into rich text could not redirect
        # the page's relative links and forms.
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The admin's editor (CKEditor 4) builds its toolbar with inline styles and
# inline event handlers; the admin is staff-only and what the editor stores
# is sanitised before readers see it.
ADMIN_POLICY = PUBLIC_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Allow scripts, styles and frames from this site only.

    A script that slipped past the sanitiser still cannot run, and the site
    cannot be framed. The admin gets what its rich-text editor needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = (
                ADMIN_POLICY
                if request.path.startswith(self.admin_prefix)
                else PUBLIC_POLICY
            )
            if settings.DEBUG:
                # The debug error pages use inline styles and scripts.
                policy = policy.replace(
                    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
                )
                policy = policy.replace(
                    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
                )
            response["Content-Security-Policy"] = policy
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


def in_admin(request) -> bool:
    """Whether ``request`` is for an admin address (where staff middleware
    applies: the second factor, the person's language and time zone)."""
    try:
        prefix = reverse("admin:index")
    except NoReverseMatch:  # a URL configuration without the admin
        return False
    return request.path.startswith(prefix)
