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
