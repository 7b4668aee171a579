from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SingleSignOnConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from sso import conf

        # A partial configuration stops start-up, naming what is missing,
        # rather than showing a sign-in button that cannot work.
        conf.provider()
