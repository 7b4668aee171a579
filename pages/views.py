from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.views import TranslatedDetailView
from news.models import PressRelease
from pages.models import Page


class HomeView(TemplateView):
    template_name = "home.html"
    latest_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Ids only: the cards come from the kept store (news/cards.py).
        context["latest_releases"] = list(
            PressRelease.objects.public_in(get_language()).values_list("pk", flat=True)[
                : self.latest_count
            ]
        )
        return context


class PageDetailView(TranslatedDetailView):
    model = Page
    template_name = "pages/page_detail.html"

    def get_queryset(self):
        return Page.objects.published()
