"""One factory per model; traits in ``class Params``."""

import factory
from factory.django import DjangoModelFactory

from pages.models import MenuItem, Page, Status


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    title_en = factory.Sequence(lambda n: f"Page {n}")
    slug_en = factory.Sequence(lambda n: f"page-{n}")
    title_fr = factory.Sequence(lambda n: f"Page FR {n}")
    slug_fr = factory.Sequence(lambda n: f"page-fr-{n}")
    title_es = factory.Sequence(lambda n: f"Página {n}")
    slug_es = factory.Sequence(lambda n: f"pagina-{n}")
    introduction_en = "An introduction."
    body_en = "<p>Body.</p>"
    # Readers see published pages only; most tests are about those.
    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)


class MenuItemFactory(DjangoModelFactory):
    class Meta:
        model = MenuItem

    title_en = factory.Sequence(lambda n: f"Entry {n}")
    title_fr = factory.Sequence(lambda n: f"Entrée {n}")
    title_es = factory.Sequence(lambda n: f"Entrada {n}")
    page = factory.SubFactory(PageFactory)
    sort_order = factory.Sequence(lambda n: n)
