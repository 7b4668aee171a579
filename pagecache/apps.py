from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The whole-page cache for anonymous readers (``pagecache.cache``)."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from pagecache import cache
        from pagecache.checks import per_process_caches

        # A commit that changes content makes every stored page stale.
        cache.connect_signals()
        checks.register(per_process_caches, checks.Tags.caches, deploy=True)
