"""Signed links to a subscriber's pages.

Placeholder; h5's versions replace these at merge. Only the two function
names and the URL names (``press:manage``, ``press:unsubscribe``, each with
a ``token``) are the contract the sending side relies on.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

SALT = "press.subscriber"


def _token(subscriber, purpose: str) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "k": subscriber.key, "p": purpose}, salt=SALT
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def manage_url(subscriber) -> str:
    return _absolute(
        reverse("press:manage", kwargs={"token": _token(subscriber, "manage")})
    )


def unsubscribe_url(subscriber) -> str:
    return _absolute(
        reverse(
            "press:unsubscribe", kwargs={"token": _token(subscriber, "unsubscribe")}
        )
    )


# Placeholder views; h5's versions replace these at merge.
def manage(request, token):
    return HttpResponse(status=204)


@csrf_exempt
def unsubscribe(request, token):
    return HttpResponse(status=204)
