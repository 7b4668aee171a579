from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404
from django.urls import path

app_name = "press-webhooks"


def _with_secret(view):
    """Anymail answers unauthenticated posts when no secret is set (with a
    warning): here the webhooks are off until one is."""

    def guarded(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404
        return view(request, *args, **kwargs)

    guarded.csrf_exempt = True
    return guarded


urlpatterns = [
    # Bounce and complaint events from the mail provider (press/webhooks.py):
    # /press/webhooks/<provider>/tracking/.
    *(
        path(
            "webhooks/" + str(pattern.pattern),
            _with_secret(pattern.callback),
            name=pattern.name,
        )
        for pattern in anymail_urls.urlpatterns
        if (pattern.name or "").endswith("_tracking_webhook")
    ),
]
