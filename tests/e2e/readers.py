"""The reader's site for the browser tests: every public page type, in
English, French and Spanish, with a release that has a lead photo, a
gallery and downloads.

Shared by test_accessibility, test_responsive, test_print and
test_page_weight. Not a conftest: only these modules import it.
"""

import datetime
import mimetypes
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import override
from PIL import Image

from images.services import upload_image
from images.tasks import make_renditions
from organization.models import CountryOffice, Unit
from pages.demo import load_demo
from pages.models import Page
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.news.factories import (
    DatelinePlaceFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    ReleaseDocumentFactory,
    ReleaseImageFactory,
    TopicFactory,
)

LANGUAGES = ["en", "fr", "es"]

RELEASE = {
    "en": {
        "title": "IOM Peru brings together migration statistics experts",
        "summary": "Experts from the Andean Community met in Lima to discuss "
        "data for safe migration.",
        "alt": "Experts seated around a table in a meeting room in Lima",
        "caption": "The meeting at the IOM office in Lima.",
        "search": "statistics",
    },
    "fr": {
        "title": "L’OIM au Pérou réunit des experts en statistiques migratoires",
        "summary": "Des experts de la Communauté andine se sont réunis à Lima "
        "pour parler de données au service d’une migration sûre.",
        "alt": "Des experts assis autour d’une table dans une salle de réunion à Lima",
        "caption": "La réunion au bureau de l’OIM à Lima.",
        "search": "statistiques",
    },
    "es": {
        "title": "La OIM en el Perú reúne a expertos en estadísticas migratorias",
        "summary": "Expertos de la Comunidad Andina se reunieron en Lima para "
        "hablar de datos para una migración segura.",
        # No Spanish alt on purpose: the page must not show another
        # language's text alternative unmarked.
        "alt": "",
        "caption": "La reunión en la oficina de la OIM en Lima.",
        "search": "estadisticas",
    },
}

BODY = {
    "en": "<p>This week IOM Peru hosted statistics experts.</p>"
    "<blockquote><p>Accurate data is a vital piece of the puzzle.</p>"
    "</blockquote><p>Some 11294786 citizens live abroad. Read the "
    '<a href="https://www.iom.int/">IOM website</a>.</p>',
    "fr": "<p>Cette semaine, l’OIM au Pérou a accueilli des experts.</p>"
    "<blockquote><p>La production de données précises est une pièce vitale "
    "du puzzle.</p></blockquote><p>Lire le "
    '<a href="https://www.iom.int/fr">site de l’OIM</a>.</p>',
    "es": "<p>Esta semana la OIM en el Perú recibió a expertos.</p>"
    "<blockquote><p>Los datos precisos son una pieza vital.</p></blockquote>"
    '<p>Lea el <a href="https://www.iom.int/es">sitio de la OIM</a>.</p>',
}


@dataclass
class ReaderSite:
    url: str
    release_pk: int
    paths: dict[str, dict[str, str]] = field(default_factory=dict)

    def path(self, code: str, name: str) -> str:
        return self.paths[code][name]


def photo(width: int = 1600, height: int = 1000) -> ContentFile:
    """A JPEG with some detail, so its renditions weigh what photos do."""
    image = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="meeting.jpg")


def library_photo():
    """The release's photo in the library, its renditions made."""
    image = upload_image(upload=photo(), title="Meeting in Lima")
    for code in LANGUAGES:
        setattr(image, f"alt_text_{code}", RELEASE[code]["alt"])
        setattr(image, f"caption_{code}", RELEASE[code]["caption"])
    image.credit = "IOM/Carolina Santos"
    image.save()
    make_renditions.call(image.pk)
    image.refresh_from_db()
    return image


def make_release():
    office = CountryOffice.objects.get(country="PE")
    fields = {"original_language": "en"}
    for code in LANGUAGES:
        text = RELEASE[code]
        fields.update(
            {
                f"title_{code}": text["title"],
                f"summary_{code}": text["summary"],
                f"body_{code}": BODY[code],
            }
        )
    image = library_photo()
    release = PressReleaseFactory(published=True, image=image, **fields)
    release.country_offices.add(office)
    release.topics.add(
        TopicFactory(
            name_en="Migration data",
            name_fr="Données migratoires",
            name_es="Datos migratorios",
        )
    )
    DatelinePlaceFactory(release=release, office=office)
    contact = MediaContactFactory(
        name="Carolina Santos", office=office, role_es="OIM Perú"
    )
    ReleaseContactFactory(release=release, contact=contact)
    add_gallery_and_downloads(release)
    # A second, older release in all three languages, with the same photo,
    # gives the list and the release page's "related" cards a thumbnail.
    older = PressReleaseFactory(
        published=True,
        published_at=release.published_at - datetime.timedelta(days=40),
        image=image,
        **{
            f"{name}_{code}": f"{value} ({code} 2)"
            for code in LANGUAGES
            for name, value in (("title", "Lima"), ("summary", "Lima."))
        },
        **{f"body_{code}": "<p>Lima.</p>" for code in LANGUAGES},
    )
    older.country_offices.add(office)
    return release


GALLERY = [
    {
        "en": "Participants on the first day.",
        "fr": "Les participants le premier jour.",
        "es": "Los participantes el primer día.",
    },
    {
        "en": "The data workshop.",
        "fr": "L’atelier sur les données.",
        "es": "El taller de datos.",
    },
    {"en": "Closing session.", "fr": "Séance de clôture.", "es": ""},
]


def add_gallery_and_downloads(release) -> None:
    """Three library photos (renditions made) and two documents, in order."""
    for place, captions in enumerate(GALLERY):
        image = upload_image(upload=photo(1200 + place * 100, 900))
        for code in LANGUAGES:
            setattr(image, f"alt_text_{code}", captions[code].rstrip("."))
            setattr(image, f"caption_{code}", captions[code])
        image.credit = "IOM/Carolina Santos"
        image.save()
        make_renditions.call(image.pk)
        ReleaseImageFactory(release=release, image=image, sort_order=place)
    for place, (title, name) in enumerate(
        (("Meeting report", "report.pdf"), ("Figures", "figures.pdf"))
    ):
        document = DocumentFactory(
            **{f"title_{code}": f"{title} ({code})" for code in LANGUAGES}
        )
        DocumentFileFactory(document=document, original_name=name)
        ReleaseDocumentFactory(release=release, document=document, sort_order=place)


def build_reader_site(live_server_url: str) -> ReaderSite:
    """Load the demo, add a trilingual release and name a path per page type."""
    load_demo(with_admin=False)
    release = make_release()
    office = CountryOffice.objects.get(country="PE")
    unit = Unit.objects.filter(parent__isnull=True).first()
    content = Page.objects.get(slug_en="who-we-are")
    only_english = Page.objects.create(
        title_en="Only in English", slug_en="only-en", status="published"
    )
    site = ReaderSite(url=live_server_url, release_pk=release.pk)
    french_only = Page.objects.create(
        title_fr="Seulement en français", slug_fr="fr", status="published"
    )
    for code in LANGUAGES:
        with override(code):
            pages = reverse("pages:page-detail", kwargs={"pk": 1, "slug": "x"})
            missing = only_english if code != "en" else french_only
            site.paths[code] = {
                "home": f"/{code}/",
                "news list filtered": reverse("news:release-list")
                + f"?office={office.pk}&year={release.published_at.year}",
                "release": release.get_absolute_url(),
                "search": reverse("news:search") + f"?q={RELEASE[code]['search']}",
                "structure": reverse("organization:structure"),
                "unit": unit.get_absolute_url(),
                "where we work": reverse("organization:office-list"),
                "office": office.get_absolute_url(),
                "content page": content.get_absolute_url(),
                # A page that lacks this language: /<code>/pages/<pk>-x/.
                "not available": pages.replace("/1-x/", f"/{missing.pk}-x/"),
                "404": f"/{code}/no-such-page/",
            }
    return site


def serve_media(page) -> None:
    """Answer /media/ from MEDIA_ROOT: the live server serves static only."""
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        target = (root / name).resolve()
        if root.resolve() not in target.parents or not target.is_file():
            route.fulfill(status=404, body="")
            return
        content_type = mimetypes.guess_type(target.name)[0] or "image/jpeg"
        route.fulfill(status=200, body=target.read_bytes(), content_type=content_type)

    page.route(f"**{settings.MEDIA_URL}**", fulfil)
