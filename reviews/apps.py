from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Outside review")

    def ready(self):
        from reviews.inbox import register_panels

        register_panels()

        from core import access
        from reviews.models import ReviewLink

        # The reviewer's page shows photos and files not public yet: their
        # addresses there carry a pass that opens them while the link does.
        access.register("review", opens=ReviewLink.objects.items_opened_by)
