"""Sign-up floods: how many sign-ups one address of the network, and one
email address, may make in an hour (a fixed window, as core.uploads).

Counts live in the default cache (Redis when REDIS_URL is set, so every app
server shares them). Email addresses are kept there as digests only.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

logger = logging.getLogger("iomsite.audit")

WINDOW_SECONDS = 60 * 60
DEFAULT_LIMITS = {"ip": 10, "email": 3}


class TooMany(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def limit_for(kind: str) -> int:
    name = {"ip": "PRESS_SIGNUPS_PER_IP", "email": "PRESS_SIGNUPS_PER_ADDRESS"}
    return int(getattr(settings, name[kind], DEFAULT_LIMITS[kind]))


def _minutes_left(window: int, now: float) -> int:
    return max(1, math.ceil(((window + 1) * WINDOW_SECONDS - now) / 60))


def claim(kind: str, value: str) -> None:
    """Count one sign-up against ``value`` (an IP address or an email
    address); raise TooMany, with a message for the person, past the
    hourly limit."""
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"press-signups:{digest}:{window}"
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
        used = cache.incr(key)
    except Exception as error:  # noqa: BLE001 - a cache outage
        # The honeypot, the address checks and the confirmation still stand.
        logger.warning("sign-up count unavailable: %s", error)
        return
    if used <= limit_for(kind):
        return
    minutes = _minutes_left(window, now)
    logger.warning("refused press sign-up: hourly limit per %s reached", kind)
    if kind == "ip":
        message = ngettext(
            "Too many sign-ups came from your network in the last hour. "
            "Please try again in {minutes} minute.",
            "Too many sign-ups came from your network in the last hour. "
            "Please try again in {minutes} minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "This address was submitted several times in the last hour: check "
            "your inbox (and spam folder) for our email, or try again in "
            "{minutes} minute.",
            "This address was submitted several times in the last hour: check "
            "your inbox (and spam folder) for our email, or try again in "
            "{minutes} minutes.",
            minutes,
        )
    raise TooMany(message.format(minutes=minutes))
