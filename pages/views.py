from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.views import TranslatedDetailView
from news.models import PressRelease
from pagecache.decorators import PublicPageCacheMixin
from pages.models import Page


class HomeView(PublicPageCacheMixin, TemplateView):
    template_name = "home.html"
    latest_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_releases"] = PressRelease.objects.public_in(
            get_language()
        ).for_cards()[: self.latest_count]
        return context


class PageDetailView(PublicPageCacheMixin, TranslatedDetailView):
    model = Page
    template_name = "pages/page_detail.html"

    def get_queryset(self):
        return Page.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        image = self.object.image
        # A photo past its rights is shown nowhere public.
        if image is not None and image.is_usable():
            # The 1200×630 cut networks expect; the original until it is made.
            social = image.rendition("social")
            context["shown_image"] = image
            context["share_image"] = {
                **social,
                "url": self.request.build_absolute_uri(social["url"]),
                "alt": image.alt_text,
            }
        return context
