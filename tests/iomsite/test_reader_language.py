"""Template helpers that keep each page in its own language."""

import pytest
from django.template import Context, Template
from django.utils.translation import override

from tests.news.factories import MediaContactFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load site %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "12,345 releases"),
        ("fr", "12\xa0345 releases"),
        ("es", "12\xa0345 releases"),
    ],
)
def test_numbers_are_grouped_as_the_language_writes_them(code, expected):
    with override(code):
        assert render("{{ n|grouped }} releases", n=12345) == expected


def test_text_falling_back_to_another_language_names_that_language():
    contact = MediaContactFactory(role_en="IOM Peru", role_fr="OIM Pérou", role_es="")
    source = (
        '{% translated contact "role" as role %}'
        "{{ role.value }}|{{ role.lang|default:'-' }}"
    )
    with override("fr"):
        assert render(source, contact=contact) == "OIM Pérou|-"
    with override("es"):
        assert render(source, contact=contact) == "IOM Peru|en"
