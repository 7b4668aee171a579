from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self):
        # Connect the receivers: sessions recorded at sign-in and forgotten
        # at sign-out; each person's admin language kept in the cache.
        from profiles import middleware, sessions  # noqa: F401
