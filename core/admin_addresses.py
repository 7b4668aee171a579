"""Hand-made admin addresses and posts get a message, never a 500.

Put ``OddAddressMixin`` first in a ModelAdmin's bases (the editorial mixin
has it already).
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class OddAddressMixin:
    """Answer hand-made admin addresses and posts with a message, not a 500.

    Browsers only send what the admin offered; scripts and fuzzers do not.
    """

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except OverflowError:
            # SQLite cannot compare a foreign key with a number past 64
            # bits (PostgreSQL finds nothing): no such object exists.
            messages.warning(
                request,
                _("A filter in the address named nothing that exists: it was removed."),
            )
            return HttpResponseRedirect(request.path)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        pk_field = queryset.model._meta.pk
        try:
            for value in selected:
                pk_field.to_python(value)
        except ValidationError:
            messages.warning(
                request,
                _("Items must be selected in order to perform actions on them."),
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
