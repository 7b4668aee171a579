from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.search import register_sqlite_functions

        # SQLite's search fallback folds accents with a Python function.
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="news-sqlite-functions"
        )
