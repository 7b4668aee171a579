"""How many files one account may upload: a fixed window of an hour.

Counts live in the default cache (Redis when REDIS_URL is set, so every app
server shares them). A full window refuses further files until the next
hour begins; the editor is told how long that is.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

logger = logging.getLogger("iomsite.audit")

WINDOW_SECONDS = 60 * 60


def claim_uploads(*, user, count: int) -> None:
    """Count ``count`` new files against ``user``'s hourly allowance.

    Raise ValidationError, counting nothing, when they would go past it.
    """
    if count <= 0:
        return
    limit = settings.UPLOAD_RATE_PER_HOUR
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"uploads:{user.pk}:{window}"
    try:
        # add() then incr(): both atomic in Redis, so two servers taking
        # files from the same account at once cannot both slip under.
        cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
        used = cache.incr(key, count)
    except Exception as error:  # noqa: BLE001 - a cache outage
        # A cache that does not answer must not stop editors working; the
        # image checks and storage limits still apply to every file.
        logger.warning("upload count unavailable for %s: %s", user, error)
        return
    if used <= limit:
        return
    try:
        cache.decr(key, count)
    except Exception:  # noqa: BLE001 - the window may have just expired
        pass
    minutes = max(1, math.ceil(((window + 1) * WINDOW_SECONDS - now) / 60))
    logger.warning(
        "refused upload of %s file(s) by %s: hourly limit of %s reached",
        count,
        user.get_username(),
        limit,
    )
    raise ValidationError(
        ngettext(
            "You have uploaded too many files in the last hour: try again in "
            "{minutes} minute, or ask an administrator.",
            "You have uploaded too many files in the last hour: try again in "
            "{minutes} minutes, or ask an administrator.",
            minutes,
        ).format(minutes=minutes),
        code="upload_rate",
    )
