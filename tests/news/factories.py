"""One factory per news model; ``PressReleaseFactory(published=True)``.

Organisation models (offices, regions) have theirs in
``tests/organization/factories.py``.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from news.models import (
    Correction,
    DatelinePlace,
    EmbargoLink,
    Kind,
    MediaContact,
    PressRelease,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    Status,
    Topic,
)
from tests.documents.factories import DocumentFactory
from tests.images.factories import ImageFactory
from tests.organization.factories import CountryOfficeFactory


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class KindFactory(DjangoModelFactory):
    """A kind of item; the migration's four are there already
    (``Kind.objects.get(code="statement")``)."""

    class Meta:
        model = Kind

    code = factory.Sequence(lambda n: f"kind-{n}")
    name_en = factory.Sequence(lambda n: f"Kind {n}")
    plural_en = factory.Sequence(lambda n: f"Kinds {n}")
    slug_en = factory.Sequence(lambda n: f"kinds-{n}")
    name_fr = factory.Sequence(lambda n: f"Genre {n}")
    plural_fr = factory.Sequence(lambda n: f"Genres {n}")
    slug_fr = factory.Sequence(lambda n: f"genres-{n}")


class MediaContactFactory(DjangoModelFactory):
    class Meta:
        model = MediaContact

    name = factory.Sequence(lambda n: f"Contact {n}")
    role_en = "IOM Peru"
    role_fr = "OIM Pérou"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+5112217209;ext=145"
    mobile = "+51968216777"


class PressReleaseFactory(DjangoModelFactory):
    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    original_language = "en"
    title_en = factory.Sequence(lambda n: f"Release {n}")
    summary_en = "A summary."
    body_en = "<p>A body.</p>"
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(hours=1)
            ),
        )
        french = factory.Trait(
            title_fr=factory.Sequence(lambda n: f"Communiqué {n}"),
            summary_fr="Un résumé.",
            body_fr="<p>Un texte.</p>",
        )


class CorrectionFactory(DjangoModelFactory):
    class Meta:
        model = Correction

    release = factory.SubFactory(PressReleaseFactory, published=True)
    original_language = "en"
    text_en = "The figure was 1,200 people, not 12,000."


class DatelinePlaceFactory(DjangoModelFactory):
    class Meta:
        model = DatelinePlace

    release = factory.SubFactory(PressReleaseFactory)
    office = factory.SubFactory(CountryOfficeFactory)


class ReleaseContactFactory(DjangoModelFactory):
    class Meta:
        model = ReleaseContact

    release = factory.SubFactory(PressReleaseFactory)
    contact = factory.SubFactory(MediaContactFactory)


class ReleaseDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ReleaseDocument

    release = factory.SubFactory(PressReleaseFactory)
    document = factory.SubFactory(DocumentFactory)
    sort_order = factory.Sequence(lambda n: n)


class ReleaseImageFactory(DjangoModelFactory):
    class Meta:
        model = ReleaseImage

    release = factory.SubFactory(PressReleaseFactory)
    image = factory.SubFactory(ImageFactory)
    sort_order = factory.Sequence(lambda n: n)


class EmbargoLinkFactory(DjangoModelFactory):
    class Meta:
        model = EmbargoLink

    release = factory.SubFactory(PressReleaseFactory)
    language = "en"
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=2)
    )


def bulk_public_releases(
    count: int,
    *,
    languages=("en",),
    office=None,
    topic=None,
    prefix: str = "Bulk",
) -> list[PressRelease]:
    """``count`` releases public in ``languages``, made with ``bulk_create``.

    Each has a dateline place (``office`` when given) and, when given, the
    ``office`` and ``topic`` as related office and topic.
    """
    now = timezone.now()
    slug_prefix = prefix.lower()
    releases = []
    for index in range(count):
        fields = {}
        for code in languages:
            fields.update(
                {
                    f"title_{code}": f"{prefix} {code} {index}",
                    f"slug_{code}": f"{slug_prefix}-{code}-{index}",
                    f"summary_{code}": f"Summary {index}.",
                    f"body_{code}": f"<p>Body {index}.</p>",
                }
            )
        releases.append(
            PressRelease(
                status=Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=index + 1),
                original_language=languages[0],
                **fields,
            )
        )
    releases = PressRelease.objects.bulk_create(releases)
    office = office or CountryOfficeFactory()
    DatelinePlace.objects.bulk_create(
        DatelinePlace(release=release, office=office) for release in releases
    )
    PressRelease.country_offices.through.objects.bulk_create(
        PressRelease.country_offices.through(
            pressrelease_id=release.pk, countryoffice_id=office.pk
        )
        for release in releases
    )
    if topic is not None:
        PressRelease.topics.through.objects.bulk_create(
            PressRelease.topics.through(pressrelease_id=release.pk, topic_id=topic.pk)
            for release in releases
        )
    return releases
