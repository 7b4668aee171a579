import pytest

from core.richtext import sanitize_html
from news.demo import SEED_BODY, SEED_PARAGRAPHS
from translations.segments import SegmentError, split_html, split_text

RICH = sanitize_html(
    "<h2>Key <em>figures</em></h2>"
    '<p>Read <a href="https://www.iom.int/?a=1&amp;b=2">the <strong>full</strong> '
    'report</a> now.<br>In Spanish: <span lang="es">migración</span>.</p>'
    "<ul><li>One &amp; two</li><li>Three<ul><li>Nested</li></ul>after</li></ul>"
    '<figure><img src="/media/a.jpg" alt="A boat"><figcaption>A caption</figcaption>'
    "</figure><table><tbody><tr><th>Country</th><td>11 294 786</td></tr></tbody>"
    "</table><blockquote><p>Quoted</p></blockquote>"
)


def texts(skeleton):
    return [segment.text for segment in skeleton.segments]


def test_the_seed_body_is_one_segment_per_paragraph_and_round_trips():
    skeleton = split_html(SEED_BODY)
    assert texts(skeleton) == SEED_PARAGRAPHS
    assert {segment.kind for segment in skeleton.segments} == {"p"}
    rebuilt = skeleton.rebuild({s.index: s.text for s in skeleton.segments})
    assert sanitize_html(rebuilt) == sanitize_html(SEED_BODY)


def test_every_block_is_a_segment_and_inline_markup_becomes_placeholders():
    skeleton = split_html(RICH)
    assert texts(skeleton) == [
        "Key {1}figures{/1}",
        "Read {1}the {2}full{/2} report{/1} now.{3/}In Spanish: {4}migración{/4}.",
        "One & two",
        "Three",
        "Nested",
        "after",
        "A caption",
        "Country",
        "11 294 786",
        "Quoted",
    ]
    link = skeleton.segments[1].tags[1][0]
    assert 'href="https://www.iom.int/?a=1&amp;b=2"' in link
    assert [s.kind for s in skeleton.segments][:3] == ["h2", "p", "li"]


def test_a_rich_body_round_trips_unchanged():
    skeleton = split_html(RICH)
    rebuilt = skeleton.rebuild({s.index: s.text for s in skeleton.segments})
    assert rebuilt == RICH


def test_a_translation_may_move_placeholders_and_keeps_the_tags():
    skeleton = split_html(RICH)
    translations = {s.index: s.text for s in skeleton.segments}
    translations[1] = (
        "Lisez maintenant {1}le rapport {2}complet{/2}{/1}.{3/}En espagnol : "
        "{4}migración{/4}."
    )
    html = skeleton.rebuild(translations)
    assert (
        '<p>Lisez maintenant <a href="https://www.iom.int/?a=1&amp;b=2" '
        'rel="noopener noreferrer">le rapport <strong>complet</strong></a>.<br>'
        'En espagnol : <span lang="es">migración</span>.</p>'
    ) in html


def test_markup_typed_into_a_segment_is_text_not_html():
    skeleton = split_html("<p>Hello</p>")
    html = skeleton.rebuild({0: "<script>alert(1)</script> & co"})
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Lisez {1}le rapport{/1} maintenant.{3/} {4}x{/4}",
            "Placeholders missing: {/2} {2}",
        ),
        ("Lisez {1}le {2}rapport{/1}{/2}.{3/} {4}x{/4}", "{/1} closes"),
        ("{1}{2}a{/2}{/1}{3/}{4}b{/4} {5}c{/5}", "{5} is not in the source"),
        ("{1}{2}a{/2}{/1}{3}{4}b{/4}", "{3} is not written as in the source"),
        ("{1}{2}a{/2}{/1}{3/}{3/}{4}b{/4}", "Placeholders repeated: {3/}"),
    ],
)
def test_broken_missing_or_invented_placeholders_are_refused(text, message):
    segment = split_html(RICH).segments[1]
    with pytest.raises(SegmentError) as error:
        segment.to_html(text)
    assert message in str(error.value)


def test_rebuilding_names_the_segment_left_untranslated():
    skeleton = split_html("<p>One</p><p>Two</p>")
    with pytest.raises(SegmentError, match="Segment 2 is not translated"):
        skeleton.rebuild({0: "Un"})


def test_a_plain_field_is_one_segment_kept_as_text():
    skeleton = split_text("  Migration & <data>  ")
    assert texts(skeleton) == ["Migration & <data>"]
    assert skeleton.rebuild({0: "Migration & <données>"}) == "Migration & <données>"
    assert split_text("   ").segments == []
