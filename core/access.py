"""Passes: signed, expiring tokens that open files not yet public.

A journalist reading an embargoed release (``news.EmbargoLink``) must see
its photos and documents, which answer 404 to everybody else until the
release is public. While the embargo page renders, the view issues a pass
(``issuing()``); every library address made meanwhile carries it
(``?pass=…``, see ``with_pass()``). The file views then ask
``granted(token)`` what the pass opens: a QuerySet of the objects (the
release) whose files it reaches, checked again at each request, so a
revoked or expired link closes its files at once.

The apps that issue passes register what a kind of pass opens
(``register("embargo", opens=...)``), as with ``admin.register``: this
module, like the file apps, imports none of them.
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet

SALT = "iomsite.access.pass"
PARAMETER = "pass"

# kind → function(value) → QuerySet of what a pass of that kind opens (the
# objects whose files it reaches), empty when the pass no longer holds.
_kinds: dict[str, Callable[[int], QuerySet]] = {}
_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "iomsite_file_pass", default=""
)


def register(kind: str, *, opens: Callable[[int], QuerySet]) -> None:
    """Say what a pass of ``kind`` opens: ``opens(value)`` is a lazy
    QuerySet (it becomes a subquery of the file check)."""
    _kinds[kind] = opens


def max_age() -> int:
    """Seconds a pass lasts, whatever the link it came from says."""
    return int(getattr(settings, "FILE_PASS_MAX_AGE", 6 * 60 * 60))


def make_token(kind: str, value: int) -> str:
    return signing.dumps([kind, value], salt=SALT, compress=True)


def granted(token: str) -> QuerySet | None:
    """What ``token`` opens now, or None for a forged, expired or unknown
    pass. The QuerySet is lazy: the caller's file check includes it."""
    if not token:
        return None
    try:
        kind, value = signing.loads(token, salt=SALT, max_age=max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    opens = _kinds.get(kind)
    if opens is None or not isinstance(value, int):
        return None
    return opens(value)


def request_pass(request) -> str:
    return request.GET.get(PARAMETER, "")


@contextlib.contextmanager
def issuing(kind: str, value: int) -> Iterator[str]:
    """Within the block, file addresses carry a pass of ``kind``."""
    token = make_token(kind, value)
    reset = _current.set(token)
    try:
        yield token
    finally:
        _current.reset(reset)


def current_token() -> str:
    return _current.get()


def query() -> str:
    """``pass=…`` for the pass being issued, empty without one."""
    token = _current.get()
    return urlencode({PARAMETER: token}) if token else ""


def with_pass(url: str) -> str:
    """``url`` with the pass being issued, if any."""
    parameter = query()
    if not parameter or not url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{parameter}"
