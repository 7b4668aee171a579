"""Create a translator group per language and the press releases' policy."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "en": "Translator (English)",
    "fr": "Translator (French)",
    "es": "Translator (Spanish)",
}
# Translators open and save translated content...
TRANSLATED = {
    "news": ["pressrelease", "mediacontact", "topic"],
    "organization": ["unit", "post", "countryoffice", "region", "person"],
    "pages": ["page", "menuitem"],
}
# ...and see the inlines shown with it.
SHOWN = {
    "news": ["datelineplace", "releasecontact"],
    "organization": ["tenure"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        # Restore what was there: the tests call this with the real app
        # registry, where clearing models_module would stop every later
        # create_permissions() for that app.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )

    common = [
        permission(app_label, "{}_{}".format(action, model))
        for app_label, models in TRANSLATED.items()
        for model in models
        for action in ("view", "change")
    ]
    common += [
        permission(app_label, "view_{}".format(model))
        for app_label, models in SHOWN.items()
        for model in models
    ]
    common.append(permission("translations", "view_translationstatus"))
    for code, name in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *common, permission("translations", "translate_{}".format(code))
        )

    ContentType = apps.get_model("contenttypes", "ContentType")
    PublicationPolicy = apps.get_model("translations", "PublicationPolicy")
    release_type, _created = ContentType.objects.get_or_create(
        app_label="news", model="pressrelease"
    )
    PublicationPolicy.objects.get_or_create(
        content_type=release_type,
        defaults={"mode": "language_by_language", "required_languages": "en, fr, es"},
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=GROUPS.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("organization", "0002_tree_paths_unique_slugs"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
