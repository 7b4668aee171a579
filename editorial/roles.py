"""The editorial roles: groups an administrator assigns in the admin.

The data migration ``editorial/migrations/0001_roles.py`` creates them from
``ROLES``; a change to ``ROLES`` needs a new migration calling
``ensure_roles``. Translator groups come from the translations app.
"""

from django.apps import apps as global_apps

EDITOR = "Editor"
PUBLISHER = "Publisher"
ADMINISTRATOR = "Administrator"

CRUD = ("add", "change", "view", "delete")
STRUCTURE = ("unit", "post", "person", "tenure", "region", "countryoffice")
WRITE = ("add", "change", "view")
VIEW = ("view",)


def _perms(app: str, models: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}")
        for model, actions in models.items()
        for action in actions
    ]


_EDITOR = [
    # Drafts and their parts; a dateline place or a contact is removed
    # from a release by deleting its inline row.
    *_perms(
        "news",
        {
            "pressrelease": WRITE,
            "datelineplace": CRUD,
            "releasecontact": CRUD,
            "releasedocument": CRUD,
            "releaseimage": CRUD,
            "mediacontact": WRITE,
            "topic": WRITE,
            # Corrections of live items wait with the item's draft.
            "correction": CRUD,
            "kind": VIEW,
        },
    ),
    *_perms("pages", {"page": WRITE, "menuitem": VIEW}),
    # Releases name offices and units: editors pick them.
    *_perms(
        "organization",
        dict.fromkeys(STRUCTURE, VIEW),
    ),
    ("translations", "view_translationstatus"),
    # The day's work given to translators (translations/0006_assignments).
    *_perms("translations", {"assignment": WRITE}),
    # How far each language lags (news/ledger.py).
    ("news", "view_languageledger"),
    # The libraries: editors add photos and documents and describe them; a
    # language's file goes by deleting its inline row.
    *_perms(
        "images",
        {"image": WRITE, "tag": ("add", "view"), "collection": VIEW, "licence": VIEW},
    ),
    *_perms("documents", {"document": WRITE, "documentfile": CRUD}),
]

# Everything an editor may, plus what changes what the public sees.
_PUBLISHER = [
    *_EDITOR,
    ("news", "publish_pressrelease"),
    ("pages", "publish_page"),
    *_perms(
        "news",
        {
            "pressrelease": ("delete",),
            "mediacontact": ("delete",),
            "topic": ("delete",),
            "embargolink": CRUD,
        },
    ),
    # Journalists: verify them, resume a paused address; the delivery
    # reports of releases sent to them.
    *_perms(
        "press",
        {"subscriber": ("view", "change"), "dispatch": VIEW, "delivery": VIEW},
    ),
    *_perms("pages", {"page": ("delete",), "menuitem": CRUD}),
    *_perms("images", {"image": ("delete",)}),
    *_perms("documents", {"document": ("delete",)}),
]

_ADMINISTRATOR = [
    *_perms("auth", {"user": CRUD, "group": CRUD, "permission": VIEW}),
    *_perms(
        "organization",
        dict.fromkeys(STRUCTURE, CRUD),
    ),
    *_perms("pages", {"menuitem": CRUD}),
    # The kinds of item (press release, statement…), and whether the
    # language-parity ledger is public.
    *_perms("news", {"kind": CRUD, "languageledger": ("view", "change")}),
    # Sign-in lock-outs: seen and lifted (deleting an attempt unlocks).
    *_perms(
        "axes",
        {"accessattempt": ("view", "delete"), "accesslog": VIEW},
    ),
    ("admin", "view_logentry"),
    # Whether translators' changes to live items wait for review.
    *_perms("editorial", {"reviewpolicy": CRUD}),
    # Everyone's notifications, to follow and retry failed emails.
    *_perms("notifications", {"notification": ("view", "change")}),
    # Which groups must sign in with a second factor.
    *_perms("twofactor", {"secondfactorpolicy": CRUD}),
    # The lists the image library chooses from.
    *_perms("images", {"licence": CRUD, "collection": CRUD, "tag": CRUD}),
]

ROLES: dict[str, list[tuple[str, str]]] = {
    EDITOR: _EDITOR,
    PUBLISHER: _PUBLISHER,
    ADMINISTRATOR: _ADMINISTRATOR,
}


def ensure_roles(apps=global_apps) -> None:
    """Create the groups and grant each its permissions (idempotent)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        # Permissions of models a later migration creates are skipped: that
        # migration calls this again (an earlier one runs with today's ROLES).
        group.permissions.add(
            *[
                permission
                for app, codename in wanted
                for permission in permission_model.objects.filter(
                    content_type__app_label=app, codename=codename
                )
            ]
        )


def create_app_permissions(apps, app_label: str) -> None:
    """Make ``app_label``'s permissions within a migration: Django makes
    them only after every migration has run, too late to grant them."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None


def grant_roles_with(app_label: str):
    """A data migration's function giving each role its share of the new
    app ``app_label`` (``migrations.RunPython(grant_roles_with("images"))``)."""

    def grant(apps, schema_editor):
        create_app_permissions(apps, app_label)
        ensure_roles(apps)

    return grant
