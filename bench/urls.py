"""The site's URLs plus reference pages: benchmarks only.

Selected with ``DJANGO_ROOT_URLCONF=bench.urls``. The ceiling is the least
a Django page can cost on the machine: the same middleware and gunicorn,
no query, no template. The two bare pages are what a plain Django site
would serve for the same data, measured in the same run: a detail page with
one query and a 20-item list (a count and a page), each through a small
template and a generic view.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.generic import DetailView, ListView

from iomsite import urls as site_urls
from news.models import PressRelease

BARE_DETAIL = engines["django"].from_string(
    "<!doctype html><html lang=en><title>{{ release.title_en }}</title>"
    "<h1>{{ release.title_en }}</h1><p>{{ release.summary_en }}</p>"
    "{{ release.body_en|safe }}</html>"
)
BARE_LIST = engines["django"].from_string(
    "<!doctype html><html lang=en><title>News</title><h1>News</h1>"
    "<p>{{ paginator.count }} press releases</p><ol>{% for release in releases %}"
    '<li><a href="/bare/{{ release.pk }}/">{{ release.title_en }}</a>'
    "<p>{{ release.summary_en }}</p></li>{% endfor %}</ol>"
    "{% if page_obj.has_next %}<a href=?page={{ page_obj.next_page_number }}>"
    "Next</a>{% endif %}</html>"
)


def ceiling(request):
    return HttpResponse("ok")


class BareDetail(DetailView):
    queryset = PressRelease.objects.only("title_en", "summary_en", "body_en")
    context_object_name = "release"

    def render_to_response(self, context, **kwargs):
        return HttpResponse(BARE_DETAIL.render(context, self.request))


class BareList(ListView):
    queryset = PressRelease.objects.only("title_en", "summary_en").order_by(
        "-published_at", "-pk"
    )
    paginate_by = 20
    paginator_class = Paginator
    context_object_name = "releases"

    def render_to_response(self, context, **kwargs):
        return HttpResponse(BARE_LIST.render(context, self.request))


urlpatterns = [
    path("__ceiling__", ceiling),
    path("__bare__/<int:pk>/", BareDetail.as_view(), name="bench-bare-detail"),
    path("__bare__/", BareList.as_view(), name="bench-bare-list"),
    *site_urls.urlpatterns,
]

# The site's error views (handler400, handler404, handler500…), whichever
# it defines.
globals().update(
    {
        name: value
        for name, value in vars(site_urls).items()
        if name.startswith("handler")
    }
)
