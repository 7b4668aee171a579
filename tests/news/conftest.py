import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def editor_client(client, django_user_model):
    """A signed-in editor: may write press releases, may not publish them."""
    user = django_user_model.objects.create_user(
        username="editor", password="pw-for-tests", is_staff=True
    )
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view")
        for model in ("pressrelease", "mediacontact", "topic", "datelineplace")
    ] + ["view_countryoffice", "view_embargolink"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    client.user = user
    return client


def release_form_data(**overrides) -> dict:
    """What the press-release admin form posts, French original by default."""
    data = {
        "original_language": "fr",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "dateline_date": "2016-03-12",
        "title_en": "",
        "title_fr": "Un communiqué",
        "title_es": "",
        "slug_en": "",
        "slug_fr": "",
        "slug_es": "",
        "summary_en": "",
        "summary_fr": "Un résumé.",
        "summary_es": "",
        "body_en": "",
        "body_fr": "<p>Le texte.</p>",
        "body_es": "",
        "lead_image_alt_en": "",
        "lead_image_alt_fr": "",
        "lead_image_alt_es": "",
        "lead_image_caption_en": "",
        "lead_image_caption_fr": "",
        "lead_image_caption_es": "",
        "lead_image_credit_en": "",
        "lead_image_credit_fr": "",
        "lead_image_credit_es": "",
        "dateline_places-TOTAL_FORMS": "0",
        "dateline_places-INITIAL_FORMS": "0",
        "dateline_places-MIN_NUM_FORMS": "0",
        "dateline_places-MAX_NUM_FORMS": "1000",
        "release_contacts-TOTAL_FORMS": "0",
        "release_contacts-INITIAL_FORMS": "0",
        "release_contacts-MIN_NUM_FORMS": "0",
        "release_contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data
