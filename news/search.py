"""Search in the press releases public in the reader's language.

On PostgreSQL: full-text search with the language's own configuration made
accent-blind (``iom_english``, ``iom_french``, ``iom_spanish``: the built-in
configurations plus ``unaccent``, created by migration 0003), over the title
(weight A), the summary (B) and the body (C), ranked, with highlighted
snippets. That document is stored per language in a generated column with a
GIN index (migration 0006, ``search_document()``), so neither matching nor
ranking recomputes it; ``tests/news`` checks that the planner uses the
index. Queries go through ``websearch_to_tsquery``, which accepts
any text: quotes, ``or`` and ``-word`` work, stray operators are ignored.

On other databases (SQLite): each word of the query must appear in the
title, summary or body once case, accents and tags are folded away
(``iom_fold``, a function registered on each SQLite connection); newest
first; the snippet is the summary with the words marked.

On both, a country named in any of the site's languages ("peru") is also
looked for under its name in the reader's language ("Pérou").
"""

import functools
import html
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override
from django_countries import countries

from core.i18n import language_codes

# A reader's query is cut here: longer ones are pasted text, not queries.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
CONFIGURATIONS = {"en": "iom_english", "fr": "iom_french", "es": "iom_spanish"}
# Highlight markers that no text contains (Unicode private use area): the
# snippet is escaped as a whole, then they become <mark> tags.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")


def clean_query(raw: str) -> str:
    """The query without control characters, spaces collapsed, cut short."""
    printable = "".join(
        char if char.isprintable() else " " for char in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    """Lower case without accents: "Pérou" → "perou"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_document(text: str | None) -> str:
    """``fold()`` for rich text: tags and entities go first."""
    return fold(html.unescape(strip_tags(text or "")))


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "iom_fold", 1, fold_document, deterministic=True
        )


@functools.cache
def _country_names() -> dict[tuple[str, ...], str]:
    """Each country's name in every site language, as folded words → code."""
    names: dict[tuple[str, ...], str] = {}
    for language in language_codes():
        with override(language):
            for code, name in countries:
                names.setdefault(tuple(WORD.findall(fold(str(name)))), code)
    return names


def with_local_country_names(text: str, language: str) -> str:
    """``text`` with the countries it names written as ``language`` does.

    Returns ``text`` unchanged when it names no country differently.
    """
    names = _country_names()
    longest = max(len(key) for key in names)
    words = list(WORD.finditer(text))
    folded = [fold(match.group()) for match in words]
    parts, position, index = [], 0, 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            code = names.get(tuple(folded[index : index + size]))
            if code:
                with override(language):
                    local = str(countries.name(code))
                parts.append(text[position : words[index].start()])
                parts.append(local)
                position = words[index + size - 1].end()
                index += size
                break
        else:
            index += 1
    parts.append(text[position:])
    return "".join(parts)


def search_document(language: str) -> RawSQL:
    """The release's stored search document in ``language`` (PostgreSQL).

    ``search_<language>``: title (weight A), summary (B) and body (C) in the
    language's configuration, a column PostgreSQL generates on every write
    and indexes (migration 0006); the model does not declare it.
    """
    if language not in CONFIGURATIONS:
        raise ValueError(f"no search document in {language!r}")
    return RawSQL(
        f'"news_pressrelease"."search_{language}"', [], output_field=SearchVectorField()
    )


def search_releases(releases, text: str, language: str):
    """``releases`` matching ``text``, best first, each with a ``snippet``.

    ``text`` comes cleaned by ``clean_query()``; ``language`` is the
    reader's. On PostgreSQL ``snippet`` is HTML (escaped, with <mark>);
    elsewhere it is set by ``add_snippets()`` once the page is loaded.
    """
    alternatives = list(dict.fromkeys([text, with_local_country_names(text, language)]))
    if connections[releases.db].vendor == "postgresql":
        return _postgresql_search(releases, alternatives, language)
    return _folded_search(releases, alternatives, language)


def _postgresql_search(releases, alternatives: list[str], language: str):
    config = CONFIGURATIONS[language]
    query = functools.reduce(
        lambda a, b: a | b,
        (
            SearchQuery(text, search_type="websearch", config=config)
            for text in alternatives
        ),
    )
    vector = search_document(language)
    return (
        releases.alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
                Concat(
                    F(f"summary_{language}"),
                    Value(" "),
                    F(f"body_{language}"),
                    output_field=TextField(),
                ),
                query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _folded_search(releases, alternatives: list[str], language: str):
    document = Func(
        Concat(
            F(f"title_{language}"),
            Value(" "),
            F(f"summary_{language}"),
            Value(" "),
            F(f"body_{language}"),
            output_field=TextField(),
        ),
        function="iom_fold",
        output_field=TextField(),
    )
    condition = Q(pk__in=[])
    for text in alternatives:
        words = query_words(text)
        if words:
            every_word = Q()
            for word in words:
                every_word &= Q(folded__contains=word)
            condition |= every_word
    return releases.alias(folded=document).filter(condition)


def query_words(text: str) -> list[str]:
    """The folded words of a query, without websearch's ``or``."""
    words = [word for word in WORD.findall(fold(text)) if word != "or"]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def add_snippets(results, text: str, language: str) -> None:
    """Give each loaded result a safe HTML ``snippet``."""
    words = []
    for alternative in dict.fromkeys([text, with_local_country_names(text, language)]):
        words += query_words(alternative)
    for release in results:
        headline = getattr(release, "headline", None)
        if headline is not None:
            release.snippet = headline_html(headline)
        else:
            release.snippet = mark_words(
                getattr(release, f"summary_{language}", "") or "", words
            )


def headline_html(headline: str) -> SafeString:
    """PostgreSQL's headline as safe HTML: only the <mark> tags are kept."""
    # Tags of the body come out of ts_headline whole: strip them, then the
    # spaces they leave.
    text = " ".join(html.unescape(strip_tags(headline)).split())
    return mark_safe(  # noqa: S308 - escaped just before
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def mark_words(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with the (folded) ``words`` in <mark>."""
    folded, origin = "", []
    for index, char in enumerate(text):
        piece = fold(char)
        folded += piece
        origin += [index] * len(piece)
    marked = [False] * len(text)
    for word in words:
        start = folded.find(word)
        while start != -1 and word:
            for position in range(start, start + len(word)):
                marked[origin[position]] = True
            start = folded.find(word, start + len(word))
    output, inside = [], False
    for char, is_marked in zip(text, marked, strict=True):
        if is_marked != inside:
            output.append("<mark>" if is_marked else "</mark>")
            inside = is_marked
        output.append(escape(char))
    if inside:
        output.append("</mark>")
    return mark_safe("".join(output))  # noqa: S308 - each character escaped
