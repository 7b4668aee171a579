from django.conf import settings
from django.core.cache import caches
from django.core.checks import Warning

from pagecache.cache import CACHE_ALIAS, is_per_process


def per_process_caches(app_configs, **kwargs):
    """Warn that, without a shared cache, an edit is late in other processes."""
    if settings.DEBUG or settings.WORKERS <= 1:
        return []
    if not any(is_per_process(caches[alias]) for alias in ("default", CACHE_ALIAS)):
        return []
    return [
        Warning(
            "The page cache, its content generation and the fragments pages "
            "share are kept in each process's own memory: with "
            f"{settings.WORKERS} gunicorn workers (WEB_CONCURRENCY) an edit shows in the other workers only when "
            "their generation expires, up to "
            f"{settings.LOCAL_CACHE_TIMEOUT} seconds later "
            "(DJANGO_LOCAL_CACHE_TIMEOUT).",
            hint="Set REDIS_URL to share the cache between the workers.",
            id="pagecache.W001",
        )
    ]
