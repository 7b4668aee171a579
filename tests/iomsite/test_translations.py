"""Every interface string is translated, none is fuzzy, and each compiles."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(code: str) -> polib.POFile:
    path = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing"
    return polib.pofile(str(path))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_interface_string_is_translated(code):
    po = catalogue(code)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert untranslated == [], f"untranslated in {code}: {untranslated}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_interface_string_is_fuzzy(code):
    po = catalogue(code)
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert fuzzy == [], f"fuzzy in {code}: {fuzzy}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_survive_translation(code):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<\w+:\w+>")
    for entry in catalogue(code).translated_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, s) for s in entry.msgstr_plural.values()]
        for source, translation in pairs:
            assert sorted(pattern.findall(source)) == sorted(
                pattern.findall(translation)
            ), f"{code}: {source!r} -> {translation!r}"
