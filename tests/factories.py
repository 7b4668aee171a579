"""One factory per model; traits in ``class Params``."""

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from editorial.models import Draft, DraftEvent, ReviewPolicy
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


class DraftFactory(DjangoModelFactory):
    """A draft waiting for review, of a live content page by default
    (``item=`` another object). Its states are empty: it changes nothing."""

    class Meta:
        model = Draft
        exclude = ["item"]

    item = factory.SubFactory(PageFactory)
    content_type = factory.LazyAttribute(
        lambda draft: ContentType.objects.get_for_model(draft.item)
    )
    object_id = factory.LazyAttribute(lambda draft: draft.item.pk)
    state = Draft.State.PENDING
    submitted_at = factory.LazyFunction(timezone.now)
    data = factory.LazyFunction(lambda: {"fields": {}, "rows": {}})
    base = factory.LazyFunction(lambda: {"fields": {}, "rows": {}})


class DraftEventFactory(DjangoModelFactory):
    class Meta:
        model = DraftEvent

    draft = factory.SubFactory(DraftFactory)
    action = DraftEvent.Action.SUBMITTED


class ReviewPolicyFactory(DjangoModelFactory):
    """Translations of live content pages go live at once."""

    class Meta:
        model = ReviewPolicy

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Page))
    translations_reviewed = False


class UserFactory(DjangoModelFactory):
    """A staff account with an email address and no group."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = "profiles.Profile"

    user = factory.SubFactory(UserFactory)
    language = "en"
    time_zone = ""
