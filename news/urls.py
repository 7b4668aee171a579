from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import feeds, kits, ledger_views, views

app_name = "news"

urlpatterns = [
    # Translators: URL words; keep the slash and anything in <> as it is.
    path(_("news/"), views.PressReleaseListView.as_view(), name="release-list"),
    path(_("news/search/"), views.PressReleaseSearchView.as_view(), name="search"),
    path(_("news/feed/rss/"), feeds.ReleaseFeed(), name="feed-rss"),
    path(_("news/feed/atom/"), feeds.AtomReleaseFeed(), name="feed-atom"),
    path(
        _("news/feed/office-<int:pk>/rss/"),
        feeds.OfficeReleaseFeed(),
        name="office-feed-rss",
    ),
    path(
        _("news/feed/office-<int:pk>/atom/"),
        feeds.AtomOfficeReleaseFeed(),
        name="office-feed-atom",
    ),
    path(
        _("news/<int:pk>-<slug:slug>/"),
        views.PressReleaseDetailView.as_view(),
        name="release-detail",
    ),
    path(
        _("news/<int:pk>-<slug:slug>/press-kit/"),
        kits.release_kit,
        name="release-kit",
    ),
    path(
        _("news/embargoed/<str:token>/"),
        views.release_embargo,
        name="release-embargo",
    ),
    path(
        _("news/contacts/<int:pk>/vcard/"),
        views.contact_vcard,
        name="contact-vcard",
    ),
    path(
        _("news/corrections/"),
        views.CorrectionListView.as_view(),
        name="correction-list",
    ),
    path(
        _("news/languages/"),
        ledger_views.language_ledger,
        name="language-ledger",
    ),
    # A kind of item's page and feeds, under the kind's slug in the
    # language (after every fixed word above).
    path(_("news/<slug:kind>/"), views.KindListView.as_view(), name="kind-list"),
    path(_("news/<slug:kind>/feed/rss/"), feeds.KindFeed(), name="kind-feed-rss"),
    path(
        _("news/<slug:kind>/feed/atom/"),
        feeds.AtomKindFeed(),
        name="kind-feed-atom",
    ),
]
