"""Factories for the news models; ``PressReleaseFactory(published=True)``."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from news.models import (
    DatelinePlace,
    EmbargoLink,
    MediaContact,
    PressRelease,
    ReleaseContact,
    Status,
    Topic,
)
from organization.models import CountryOffice, Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name_en = factory.Sequence(lambda n: f"Region {n}")


class CountryOfficeFactory(DjangoModelFactory):
    class Meta:
        model = CountryOffice

    country = "PE"
    region = factory.SubFactory(RegionFactory)
    city_en = "Lima"


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


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


class EmbargoLinkFactory(DjangoModelFactory):
    class Meta:
        model = EmbargoLink

    release = factory.SubFactory(PressReleaseFactory)
    language = "en"
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=2)
    )
