from iomsite.views import TranslatedDetailView
from pages.models import Page


class PageDetailView(TranslatedDetailView):
    model = Page
    template_name = "pages/page_detail.html"

    def get_queryset(self):
        return Page.objects.published()
