from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: field types, i18n helpers, template tags,
    middleware, error pages and the site-wide management commands."""

    name = "core"
    verbose_name = _("Site")
