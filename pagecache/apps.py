from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The whole-page cache for anonymous readers (``pagecache.cache``)."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from pagecache import cache

        # A commit that changes content makes every stored page stale.
        cache.connect_signals()
