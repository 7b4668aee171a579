from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial safety")

    def ready(self):
        from django.contrib import admin

        # Connect the sign-in receivers: the idle clock (middleware) and
        # each person's admin time zone (timezones).
        import editorial.account_signals  # noqa: F401 - the account events
        from editorial import middleware, timezones  # noqa: F401
        from editorial.inbox import register_draft_panels

        # The admin home page opens with each person's work inbox
        # (editorial/inbox.py), drafts of live content included.
        admin.site.index_template = "admin/editorial/index.html"
        register_draft_panels()
