from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages and menu")

    def ready(self):
        from iomsite import cache

        # The site-wide app connects the page cache's freshness receivers.
        cache.connect_signals()
