from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from translations import assignments, signals

        signals.connect()
        # After the fingerprints: a save that completes a language closes
        # its assignment.
        assignments.connect()
