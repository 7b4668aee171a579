"""User and group admin for administrators who are not superusers.

An Administrator manages accounts and assigns roles, but superuser status
and permissions themselves are out of their reach: superusers are made
with ``manage.py createsuperuser``, and roles are defined in code
(``editorial/roles.py``). Left out of the form, a field cannot be set by
a hand-made POST either.

What an administrator does to an account here (creating it, changing its
groups, setting its password) goes to the account events; a new password
also ends that person's sessions. The events themselves are read in
``editorial.account_events``.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin  # registers the defaults
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_addresses import OddAddressMixin
from editorial import audit
from editorial.account_events import AccountEventAdmin  # noqa: F401 - registers
from editorial.account_signals import record_password_change
from editorial.models import AccountEvent
from profiles.sessions import end_sessions

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)


def _refuse_hand_made_superuser(request, target: str) -> None:
    # The field is not in the form, so nothing happens; the attempt is noted.
    if request.method == "POST" and "is_superuser" in request.POST:
        audit.refused(user=request.user, action="grant superuser", target=target)


@admin.register(User)
class UserAdmin(OddAddressMixin, auth_admin.UserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "is_superuser"],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Rights come from roles (groups), not one by one.
            fields.append("user_permissions")
        return fields

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [name for name in filters if name != "is_superuser"]

    def has_change_permission(self, request, obj=None):
        # Also guards the password form (``user_change_password``).
        if self._is_protected(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_protected(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        if not request.user.is_superuser and any(user.is_superuser for user in objs):
            # The bulk delete action checks only this, not each object.
            perms_needed = {*perms_needed, str(_("superuser accounts"))}
        return deleted, counts, perms_needed, protected

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if not request.user.is_superuser:
            _refuse_hand_made_superuser(
                request, f"{User._meta.label} #{object_id or 'new'}"
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            audit.account_event(
                AccountEvent.Action.ACCOUNT_CREATED,
                user=obj,
                actor=request.user,
                request=request,
            )

    def save_related(self, request, form, formsets, change):
        # The groups are saved here, after the user: read them on each side.
        user = form.instance
        before = set(user.groups.all()) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.all())
        if before != after:
            audit.account_event(
                AccountEvent.Action.GROUPS_CHANGED,
                user=user,
                actor=request.user,
                request=request,
                detail=gettext("added {added}; removed {removed}").format(
                    added=", ".join(sorted(g.name for g in after - before)) or "-",
                    removed=", ".join(sorted(g.name for g in before - after)) or "-",
                ),
            )

    def user_change_password(self, request, id, form_url=""):
        # Someone else's password: their sessions end with it. One's own is
        # seen by profiles.middleware, which keeps the session it came from.
        user = self.get_object(request, unquote(id))
        response = super().user_change_password(request, id, form_url)
        if request.method != "POST" or user is None or user.pk == request.user.pk:
            return response
        previous = user.password
        user.refresh_from_db(fields=["password"])
        if user.password != previous:
            record_password_change(
                user=user,
                actor=request.user,
                request=request,
                sessions_ended=end_sessions(user),
            )
        return response

    def _is_protected(self, request, obj) -> bool:
        return obj is not None and obj.is_superuser and not request.user.is_superuser


@admin.register(Group)
class GroupAdmin(OddAddressMixin, auth_admin.GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Roles are defined in code (editorial/roles.py): a change here
            # would be lost or, worse, grant what no role is meant to.
            fields.append("permissions")
        return fields
