"""RSS 2.0 and Atom feeds of the releases public in the reader's language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news.models import Kind, PressRelease
from organization.models import CountryOffice
from pagecache.decorators import PublicPageCacheMixin
from pagecache.fragments import cached_response

FEED_LENGTH = 30


class ReleaseFeed(PublicPageCacheMixin, Feed):
    """All releases; the language is the one of the URL prefix.

    Texts are escaped once as HTML where readers take them for HTML, then
    once as XML by the feed generator: an editor's ``<img …>`` reaches the
    reader as text. Descriptions and summaries are HTML in both formats; RSS
    titles are guessed HTML by readers (feedparser does), Atom titles are
    ``type="text"`` and stay as they are.
    """

    feed_url_name = "news:feed-rss"
    html_titles = True

    def as_title(self, text: str) -> str:
        return escape(text) if self.html_titles else text

    def __call__(self, request, *args, **kwargs):
        # The same for every reader until content changes or the next
        # scheduled publication: kept until then (pagecache/fragments.py).
        name = f"{self.feed_url_name}:{kwargs.get('pk', kwargs.get('kind', ''))}"
        return cached_response(
            request,
            name,
            lambda: super(ReleaseFeed, self).__call__(request, *args, **kwargs),
        )

    def title(self):
        return self.as_title(_("IOM press releases"))

    def description(self):
        return _(
            "The latest press releases of the International Organization for Migration."
        )

    def author_name(self):
        return _("International Organization for Migration")

    def link(self):
        return reverse("news:release-list")

    def feed_url(self):
        return reverse(self.feed_url_name)

    def items(self):
        return PressRelease.objects.public_in(get_language()).for_listing()[
            :FEED_LENGTH
        ]

    def item_title(self, item):
        return self.as_title(item.title)

    def item_description(self, item):
        dateline = item.dateline
        return escape(f"{dateline} – {item.summary}" if dateline else item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A correction moves it; the item's GUID (its address) stays.
        return item.modified_at


class AtomReleaseFeed(ReleaseFeed):
    feed_type = Atom1Feed
    feed_url_name = "news:feed-atom"
    html_titles = False

    def subtitle(self):
        return self.description()


class OfficeReleaseFeed(ReleaseFeed):
    """The releases about one country office."""

    feed_url_name = "news:office-feed-rss"

    def get_object(self, request, pk):
        return get_object_or_404(CountryOffice, pk=pk)

    def title(self, obj):
        return self.as_title(_("IOM press releases: {office}").format(office=obj))

    def link(self, obj):
        return "{}?office={}".format(reverse("news:release-list"), obj.pk)

    def feed_url(self, obj):
        return reverse(self.feed_url_name, kwargs={"pk": obj.pk})

    def items(self, obj):
        return (
            PressRelease.objects.public_in(get_language())
            .filtered(office=obj.pk)
            .for_listing()[:FEED_LENGTH]
        )


class AtomOfficeReleaseFeed(OfficeReleaseFeed):
    feed_type = Atom1Feed
    feed_url_name = "news:office-feed-atom"
    html_titles = False

    def subtitle(self, obj):
        return self.description()


class KindFeed(ReleaseFeed):
    """The items of one kind (statements, stories…)."""

    feed_url_name = "news:kind-feed-rss"

    def get_object(self, request, kind):
        return get_object_or_404(Kind, **{f"slug_{get_language()}": kind})

    def title(self, obj):
        return self.as_title(
            _("IOM: {kind}").format(kind=obj.plural or obj.name or obj)
        )

    def description(self, obj=None):
        if obj is None:
            return super().description()
        return _("The latest items of this kind: {kind}.").format(
            kind=obj.plural or obj.name or obj
        )

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse(self.feed_url_name, kwargs={"kind": obj.slug})

    def items(self, obj):
        return (
            PressRelease.objects.public_in(get_language())
            .filtered(kind=obj.pk)
            .for_listing()[:FEED_LENGTH]
        )


class AtomKindFeed(KindFeed):
    feed_type = Atom1Feed
    feed_url_name = "news:kind-feed-atom"
    html_titles = False

    def subtitle(self, obj):
        return self.description(obj)
