"""Demo content modelled on the seed page: the site's menu and content pages.

Texts in French come from the seed page word for word; English and Spanish
are the organisation's usual wording of the same menu.
"""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from news.demo import load_news_demo
from organization.demo import load_organization_demo
from pages.models import Destination, MenuItem, Page, Status

WHO_WE_ARE = {
    "en": (
        "The International Organization for Migration (IOM) is part of the United "
        "Nations system and, since 1951, the leading intergovernmental organization "
        "promoting humane and orderly migration for the benefit of all, with 175 "
        "member states and a presence in 171 countries."
    ),
    "fr": (
        "L'Organisation internationale pour les migrations (OIM) fait partie du "
        "système des Nations Unies et est la première organisation "
        "intergouvernementale à promouvoir depuis 1951 une migration humaine et "
        "ordonnée qui profite à tous, composée de 175 Etats membres et présente "
        "dans 171 pays."
    ),
    "es": (
        "La Organización Internacional para las Migraciones (OIM) forma parte del "
        "sistema de las Naciones Unidas y es, desde 1951, la principal organización "
        "intergubernamental que promueve una migración humana y ordenada en "
        "beneficio de todos, con 175 Estados Miembros y presencia en 171 países."
    ),
}
OUR_WORK = {
    "en": (
        "As the leading intergovernmental organization promoting humane and orderly "
        "migration since 1951, IOM plays a key role in supporting the achievement of "
        "the 2030 Agenda through different areas of intervention that connect both "
        "humanitarian assistance and sustainable development."
    ),
    "fr": (
        "En tant que principale organisation intergouvernementale qui promeut depuis "
        "1951 une migration humaine et ordonnée, l'OIM joue un rôle clé pour soutenir "
        "la réalisation du Programme 2030 à travers différents domaines "
        "d'intervention qui relient à la fois l'aide humanitaire et le développement "
        "durable."
    ),
    "es": (
        "Como principal organización intergubernamental que promueve desde 1951 una "
        "migración humana y ordenada, la OIM desempeña un papel clave en el apoyo al "
        "logro de la Agenda 2030 a través de diferentes ámbitos de intervención que "
        "vinculan la asistencia humanitaria y el desarrollo sostenible."
    ),
}

# (en, fr, es) titles, then the introduction, for each content page.
PAGES = {
    "who-we-are": (("Who we are", "Qui sommes nous", "Quiénes somos"), WHO_WE_ARE),
    "our-work": (("Our work", "Notre travail", "Nuestro trabajo"), OUR_WORK),
    "what-we-do": (("What we do", "Ce que nous faisons", "Lo que hacemos"), None),
    "partnerships": (("Partnerships", "Partenariats", "Alianzas"), None),
    "take-action": (("Take action", "Agir", "Actúe"), None),
    "work-with-us": (
        ("Work with us", "Travailler avec nous", "Trabaje con nosotros"),
        None,
    ),
    "get-involved": (("Get involved", "Engagez-vous", "Participe"), None),
    "data-and-research": (
        ("Data and research", "Données et recherche", "Datos e investigación"),
        None,
    ),
    "2030-agenda": (("2030 Agenda", "Programme 2030", "Agenda 2030"), None),
}
SLUGS = {
    "who-we-are": ("who-we-are", "qui-sommes-nous", "quienes-somos"),
    "our-work": ("our-work", "notre-travail", "nuestro-trabajo"),
    "what-we-do": ("what-we-do", "ce-que-nous-faisons", "lo-que-hacemos"),
    "partnerships": ("partnerships", "partenariats", "alianzas"),
    "take-action": ("take-action", "agir", "actue"),
    "work-with-us": ("work-with-us", "travailler-avec-nous", "trabaje-con-nosotros"),
    "get-involved": ("get-involved", "engagez-vous", "participe"),
    "data-and-research": (
        "data-and-research",
        "donnees-et-recherche",
        "datos-e-investigacion",
    ),
    "2030-agenda": ("2030-agenda", "programme-2030", "agenda-2030"),
}
DESTINATION_TITLES = {
    Destination.STRUCTURE: ("Structure", "Structure", "Estructura"),
    Destination.WHERE_WE_WORK: (
        "Where we work",
        "Où travaillons-nous",
        "Dónde trabajamos",
    ),
    Destination.NEWS: ("News", "Actualités", "Noticias"),
}
# The seed's menu: (page key or destination, children).
MENU = [
    ("who-we-are", [Destination.STRUCTURE]),
    ("our-work", ["what-we-do", "partnerships"]),
    (Destination.WHERE_WE_WORK, []),
    ("take-action", ["work-with-us", "get-involved"]),
    ("data-and-research", []),
    ("2030-agenda", []),
    (Destination.NEWS, []),
]
LANGS = ("en", "fr", "es")


@dataclass
class DemoResult:
    summary: list[str] = field(default_factory=list)
    admin_username: str = ""
    admin_password: str = ""


def _page(key: str) -> Page:
    titles, intro = PAGES[key]
    values = {"status": Status.PUBLISHED}
    for index, code in enumerate(LANGS):
        values[f"title_{code}"] = titles[index]
        values[f"slug_{code}"] = SLUGS[key][index]
        values[f"introduction_{code}"] = intro[code] if intro else ""
    page, _created = Page.objects.update_or_create(
        slug_en=SLUGS[key][0], defaults=values
    )
    return page


def _menu_item(target, parent: MenuItem | None, sort_order: int) -> MenuItem:
    if isinstance(target, Destination):
        titles = DESTINATION_TITLES[target]
        lookup = {"destination": target.value, "page": None}
    else:
        titles = PAGES[target][0]
        lookup = {"page": _page(target), "destination": ""}
    defaults = {f"title_{code}": titles[i] for i, code in enumerate(LANGS)}
    defaults.update(parent=parent, sort_order=sort_order)
    item, _created = MenuItem.objects.update_or_create(**lookup, defaults=defaults)
    return item


@transaction.atomic
def load_site_demo() -> list[str]:
    """Create or refresh the seed's menu and its content pages."""
    for position, (target, children) in enumerate(MENU):
        parent = _menu_item(target, None, position * 10)
        for child_position, child in enumerate(children):
            _menu_item(child, parent, child_position * 10)
    return [
        f"Menu: {MenuItem.objects.count()} entries, {Page.objects.count()} content pages."
    ]


def reset_demo_admin() -> tuple[str, str]:
    """Create the demo administrator or give it a fresh random password."""
    username = "admin"
    password = secrets.token_urlsafe(12)
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": "admin@example.org"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return username, password


def load_demo(*, with_admin: bool = True) -> DemoResult:
    """Load every app's demo content, then the menu that links them."""
    result = DemoResult()
    result.summary += load_organization_demo()
    result.summary += load_news_demo()
    result.summary += load_site_demo()
    if with_admin:
        result.admin_username, result.admin_password = reset_demo_admin()
    return result
