from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.models import next_publication
        from news.search import register_sqlite_functions
        from pagecache.cache import register_schedule

        # Cached pages end when a scheduled release goes live.
        register_schedule(next_publication)

        from news import corrections
        from news.inbox import register_panels

        # Corrections: the item's update time, translators' marks, and
        # news.signals.correction_complete.
        corrections.connect()

        # Releases in each person's work inbox on the admin home page.
        register_panels()

        from core import access
        from images import usage
        from news.models import EmbargoLink, PressRelease, ReleaseImage

        # A library photo is public once a release showing it is: as its
        # lead photo, in its gallery or in its text (issue 19).
        usage.register(PressRelease, public=lambda releases: releases.public())
        usage.register(
            ReleaseImage,
            owner="release",
            public=lambda places: places.filter(
                release__in=PressRelease.objects.public()
            ),
        )
        usage.register_bodies(
            PressRelease, fields=["body"], public=lambda releases: releases.public()
        )
        # An embargoed preview's pass opens its release's photos and files.
        access.register("embargo", opens=EmbargoLink.objects.releases_opened_by)

        # SQLite's search fallback folds accents with a Python function.
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="news-sqlite-functions"
        )
