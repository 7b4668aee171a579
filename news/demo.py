"""Demo content for the news: the seed's press release, written in French.

Title, paragraphs and quotes are the seed's word for word, typos included
("a déclaréJosé", "chef de mision"): the demo shows what was published. The
dateline and the contact block are structured data, not body text.
"""

import datetime

from django.db import transaction

from news.models import (
    DatelinePlace,
    MediaContact,
    PressRelease,
    ReleaseContact,
    Status,
)
from organization.models import CountryOffice, Region

SEED_SLUG = "loim-au-perou-accueille-un-groupe-dexperts-en-statistiques-migratoires"
SEED_TITLE = (
    "L’OIM au Pérou accueille un groupe d’experts en statistiques migratoires de "
    "la Communauté andine afin de débattre de politiques pour promouvoir une "
    "migration faite dans des conditions sécuritaires"
)
# The first paragraph follows the dateline ("Pérou - "), which the release
# page renders from the structured dateline.
SEED_PARAGRAPHS = [
    "Cette semaine, l’OIM au Pérou a accueilli un groupe d’experts en "
    "statistiques afin de voir comment les statistiques sur la migration peuvent "
    "influencer et promouvoir des politiques équilibrées et sécuritaires "
    "concernant le phénomène de la migration dans la région.",
    "En collaboration avec le Secrétariat général de la Communauté andine, l’OIM "
    "a réuni des experts en matière de données migratoires ainsi que des "
    "responsables des Ministères bolivien, colombien, équatorien et péruvien des "
    "Affaires étrangères.",
    "Pablo Guzman, Secrétaire général de la Communauté andine, a souligné "
    "l’importance des migrations dans le processus d’intégration que les Etats "
    "membres de la Communauté andine ont entrepris. « Notre communauté s’engage à "
    "respecter la liberté de mouvements de nos membres, tout en attachant une "
    "grande importance aux droits et aux besoins de nos citoyens. Nous souhaitons "
    "garantir que les droits qui les protègent dans leur pays d’origine seront "
    "également respectés dans tous les Etats membres de la Communauté andine », a "
    "déclaré Pablo Guzman.",
    "D’après les estimations fournies par les Ministères bolivien et colombien "
    "des Affaires étrangères et selon les données des consulats équatoriens et de "
    "l’Institut national péruvien des statistiques, quelque 11 294 786 citoyens "
    "de ces pays vivent actuellement hors de leur pays d’origine.",
    "« La production de données précises est une pièce vitale du puzzle de la "
    "migration », a déclaréJosé Ivan Dávalos, chef de mision de l’OIM aux "
    "participants. « L’OIM est ravie de prendre part à ce débat et continuera "
    "d’apporter son expertise pour atteindre les objectifs de migration de la "
    "Communauté andine. »",
    "La réunion, qui se termine aujourd’hui à Lima, fait partie d’un projet "
    "financé par l’OIM intitulé « Renforcer la gestion des migrations dans la "
    "Communauté andine. »",
    "La Communauté andine est une organisation internationale sous-régionale qui "
    "encourage l’intégration sociale et économique et qui est composée de quatre "
    "membres : la Bolivie, la Colombie, l’Equateur et le Pérou. Récemment, le "
    "Pérou a repris la présidence tournante de l’organisation et s’est engagé à "
    "revitaliser le processus d’intégration andin et à promouvoir la mise en "
    "œuvre de mesures concertées visant à renforcer ce processus.",
]
SEED_BODY = "".join(f"<p>{paragraph}</p>" for paragraph in SEED_PARAGRAPHS)
# Not in the seed: a one-sentence summary drawn from its first paragraph.
SEED_SUMMARY = (
    "L’OIM au Pérou a accueilli un groupe d’experts en statistiques de la "
    "Communauté andine pour voir comment les statistiques sur la migration "
    "peuvent promouvoir des politiques équilibrées et sécuritaires."
)
# The seed gives no date. "Récemment, le Pérou a repris la présidence
# tournante" places it in early 2016; 12 March 2016 is a plausible day.
SEED_DATE = datetime.date(2016, 3, 12)
SEED_PUBLISHED_AT = datetime.datetime(2016, 3, 12, 15, 0, tzinfo=datetime.UTC)

CONTACT = {
    "name": "Carolina Santos",
    "email": "casantos@iom.int",
    # As the seed writes them; the phone field stores them in E.164.
    "phone": "+51.1.221.7209 Ext. 145",
    "mobile": "+ 51 968 216 777",
    "languages": "es, en",
}
CONTACT_ROLE = {"fr": "OIM Pérou", "en": "IOM Peru", "es": "OIM Perú"}


def _peru_office() -> CountryOffice:
    office = CountryOffice.objects.filter(country="PE").first()
    if office is None:
        # The organisation demo normally creates it; stand alone if it did not.
        region, _created = Region.objects.get_or_create(
            name_en="South America",
            defaults={"name_fr": "Amérique du Sud", "name_es": "América del Sur"},
        )
        office = CountryOffice.objects.create(
            country="PE", region=region, city_en="Lima", city_fr="Lima", city_es="Lima"
        )
    return office


def _contact(office: CountryOffice) -> MediaContact:
    contact = (
        MediaContact.objects.filter(email=CONTACT["email"]).first() or MediaContact()
    )
    for name, value in CONTACT.items():
        setattr(contact, name, value)
    for code, role in CONTACT_ROLE.items():
        setattr(contact, f"role_{code}", role)
    contact.office = office
    contact.is_active = True
    contact.full_clean()  # parses the seed's phone numbers into E.164
    contact.save()
    return contact


@transaction.atomic
def load_news_demo() -> list[str]:
    """Create or refresh the seed's press release and its media contact."""
    office = _peru_office()
    contact = _contact(office)
    release = PressRelease.objects.filter(slug_fr=SEED_SLUG).first() or PressRelease()
    release.original_language = "fr"
    release.title_fr = SEED_TITLE
    release.slug_fr = SEED_SLUG
    release.summary_fr = SEED_SUMMARY
    release.body_fr = SEED_BODY
    release.status = Status.PUBLISHED
    release.published_at = SEED_PUBLISHED_AT
    release.dateline_date = SEED_DATE
    release.save()
    release.country_offices.set([office])
    release.dateline_places.all().delete()
    DatelinePlace.objects.create(release=release, office=office, sort_order=0)
    release.release_contacts.all().delete()
    ReleaseContact.objects.create(release=release, contact=contact, sort_order=0)
    return [
        "News: the seed press release (French) with its dateline and media "
        f"contact; {PressRelease.objects.count()} press releases in all."
    ]
