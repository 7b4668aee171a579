"""The policy a new site starts with: publishers and administrators use a
second factor (superusers always do, whatever the policy says)."""

from django.apps import apps as global_apps

from editorial.roles import ADMINISTRATOR, PUBLISHER, ensure_roles

REQUIRED_BY_DEFAULT = (PUBLISHER, ADMINISTRATOR)


def ensure_default_policy(apps=global_apps) -> None:
    """Require a second factor of the default groups and let Administrators
    edit the policies (``editorial/roles.py``); idempotent: a policy already
    there is left as it is."""
    ensure_roles(apps)
    group_model = apps.get_model("auth", "Group")
    policy_model = apps.get_model("twofactor", "SecondFactorPolicy")
    for group in group_model.objects.filter(name__in=REQUIRED_BY_DEFAULT):
        policy_model.objects.get_or_create(group=group, defaults={"required": True})
