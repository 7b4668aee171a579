from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages and menu")

    def ready(self):
        from images import usage
        from pages.models import Page

        # A page's photo and the library images in its body are public once
        # the page is published.
        usage.register(Page, public=lambda pages: pages.published())
        usage.register_bodies(
            Page, fields=["body"], public=lambda pages: pages.published()
        )
