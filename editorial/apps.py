from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial safety")

    def ready(self):
        # Connects the sign-in receiver that starts the idle clock.
        from editorial import middleware  # noqa: F401
