"""What search engines and social networks read on a release page."""

from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.html import json_for_script

# OpenGraph names locales with a territory.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
HEADLINE_LENGTH = 110  # schema.org / Google's limit for NewsArticle
# Shared when a release has no photo readers may see (networks want a
# raster image, at the size they show).
DEFAULT_SHARE_IMAGE = {"url": "iomsite/share.png", "width": 1200, "height": 630}


def share_metadata(request, release, language: str, language_urls: dict) -> dict:
    """OpenGraph, Twitter card and schema.org values, with absolute URLs."""
    url = request.build_absolute_uri(release.get_absolute_url())
    library_image = release.shown_image
    image, image_alt = None, ""
    if library_image is not None:
        # The 1200×630 cut networks expect; the original until it is made.
        image = library_image.rendition("social")
        image_alt = library_image.alt_text
    if release.image_withdrawn and not (image and image["url"]):
        # Its rights have expired: networks that kept the old photo are
        # given the site's own picture to show instead.
        image = dict(DEFAULT_SHARE_IMAGE, url=static(DEFAULT_SHARE_IMAGE["url"]))
        image_alt = ""
    image_url = (
        request.build_absolute_uri(image["url"]) if image and image["url"] else ""
    )
    published = release.published_at.isoformat() if release.published_at else ""
    modified = timezone.localtime(release.modified_at).isoformat()
    organisation = {
        "@type": "Organization",
        "name": _("International Organization for Migration"),
        "url": request.build_absolute_uri("/"),
    }
    kind = release.kind
    article = {
        "@context": "https://schema.org",
        "@type": kind.schema_type,
        "headline": release.title[:HEADLINE_LENGTH],
        "description": release.summary,
        "inLanguage": language,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": modified,
        "author": organisation,
        "publisher": organisation,
    }
    speaker = release.spokesperson if kind.has_speaker else None
    if speaker is not None:
        # A statement is the speaker's words.
        article["author"] = {"@type": "Person", "name": speaker.name}
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.text_in(language)
            or correction.text_in(correction.original_language),
            "datePublished": correction.date.isoformat(),
        }
        for correction in getattr(release, "shown_corrections", [])
    ]
    if corrections:
        article["correction"] = corrections
    dateline = release.dateline_in(language)
    # A property of NewsArticle (and its kinds) only.
    if dateline and kind.schema_type.endswith("NewsArticle"):
        article["dateline"] = dateline
    if image_url:
        article["image"] = [image_url]
    topics = [strip_tags(str(topic)) for topic in release.topics.all()]
    if topics:
        article["keywords"] = topics
    return {
        "url": url,
        "image": image,
        "image_url": image_url,
        "image_alt": image_alt,
        "locale": OPEN_GRAPH_LOCALES.get(language, language),
        "alternate_locales": [
            OPEN_GRAPH_LOCALES.get(code, code)
            for code in language_urls
            if code != language
        ],
        "published": published,
        "modified": modified,
        "json_ld": json_for_script(article),
    }
