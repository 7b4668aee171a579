"""WSGI entry point: ``gunicorn iomsite.wsgi``.

A plain GET of a cached page is answered before Django handles the request
(``pagecache.cache.PageCacheApplication``); everything else is Django's.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings")

django_application = get_wsgi_application()

from pagecache.cache import PageCacheApplication  # noqa: E402 - needs settings

application = PageCacheApplication(django_application)
