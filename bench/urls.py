"""The site's URLs plus ``/__ceiling__``: benchmarks only.

Selected with ``DJANGO_ROOT_URLCONF=bench.urls``. The ceiling is the least
a Django page can cost on the machine: the same middleware and gunicorn,
no query, no template.
"""

from django.http import HttpResponse
from django.urls import path

from iomsite import urls as site_urls


def ceiling(request):
    return HttpResponse("ok")


urlpatterns = [path("__ceiling__", ceiling), *site_urls.urlpatterns]

# The site's error views (handler400, handler404, handler500…), whichever
# it defines.
globals().update(
    {
        name: value
        for name, value in vars(site_urls).items()
        if name.startswith("handler")
    }
)
