"""Change forms that forgive: what every editorial change form mixes in.

``editorial.admin.EditorialAdminMixin`` puts this first in its bases: the
error summary at the top of the form (``core.error_summary``) and
date-time fields that name the zone their times are in. (Photos are chosen
from the image library, so no form has a file to keep across an error.) The template
and script parts are ``admin/core/_error_summary.html`` and
``static/iomsite/admin/forms.js`` (with the unsaved-changes prompt).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from core.error_summary import ErrorSummaryAdminMixin


class TimeZoneNamingAdminMixin:
    """Say next to each date-time field which zone its times are in: the
    person's own (the admin activates it), so "09:00" is never a guess."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateTimeField):
            zone = _("Times in {zone}.").format(
                zone=timezone.get_current_timezone_name()
            )
            help_text = str(formfield.help_text or "")
            formfield.help_text = f"{help_text} {zone}" if help_text else zone
        return formfield


class ForgivingFormsAdminMixin(ErrorSummaryAdminMixin, TimeZoneNamingAdminMixin):
    pass
