"""Hostile rich text posted straight to the admin forms, past the editor.

Whatever an attacker with an editor's account (or a compromised editor)
sends, the public page, the preview and the admin change form must carry
no script, no event handler, no dangerous URL and no element outside the
allow-list of core/richtext.py.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.richtext import ALLOWED_TAGS, sanitize_html
from tests.editorial.test_conflicts import change_url, opened
from tests.factories import PageFactory
from tests.news.factories import PressReleaseFactory
from tests.organization.factories import UnitFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '<a href="https://example.org/" target="_blank">a fine link</a>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)" onmouseover=alert(1)>Click</p>',
    '<a href="javascript:alert(1)">js</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href=" &#x20;javascript:alert(1)">leading space</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">entities</a>',
    '<a href="&#0000106avascript:alert(1)">padded entity</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">DATA</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="http://tracker.example/pixel.gif">',
    "<svg onload=alert(1)><circle r=10></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example/"><input name=password>'
    '<button formaction="javascript:alert(1)">Go</button></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # mXSS: markup that changes meaning when parsed a second time.
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<table><td><a href=javascript:alert(1)>in a table</a></td></table>",
    # CDATA sections.
    "<![CDATA[<script>alert(1)</script>]]>",
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    "<!--><img src=x onerror=alert(1)>-->",
    # Last: their unclosed <style> swallows what follows.
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
]
PAYLOAD = "<p>Intro.</p>" + "".join(HOSTILE)
BENIGN = "<p>Intro.</p>"
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "form",
    "input",
    "button",
    "base",
    "meta",
    "svg",
    "math",
    "object",
    "embed",
    "style",
    "link",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes.append((tag, name.lower(), value or ""))

    handle_startendtag = handle_starttag


def parsed(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def assert_harmless(hostile_page: str, benign_page: str) -> None:
    hostile, benign = parsed(hostile_page), parsed(benign_page)
    added = hostile.tags - benign.tags
    assert set(added) <= ALLOWED_TAGS, added
    assert not set(added) & DANGEROUS_TAGS
    for tag, name, value in hostile.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name != "style" or (tag, name, value) in benign.attributes
        if name in URL_ATTRIBUTES:
            squeezed = "".join(value.split()).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:")), value
            if squeezed.startswith("data:"):
                assert (tag, name, value) in benign.attributes, value
    for marker in ("evil.example", "tracker.example", "alert(1)</script>"):
        assert marker not in hostile_page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_payload_alone_comes_out_harmless(hostile):
    cleaned = sanitize_html(hostile)
    assert_harmless(cleaned, "")
    assert sanitize_html(cleaned) == cleaned


def test_the_sanitiser_is_stable_when_run_on_its_own_output():
    once = sanitize_html(PAYLOAD)
    assert sanitize_html(once) == once
    assert 'rel="noopener noreferrer"' in once
    assert "a fine link" in once


def post_body(client, obj, **fields) -> None:
    form = opened(client, obj)
    form.update(fields)
    response = client.post(change_url(obj), form)
    assert response.status_code == 302, response.context["adminform"].form.errors


def pages_of_a_release(client, release) -> dict[str, str]:
    release.refresh_from_db()
    with override("en"):
        public = client.get(release.get_absolute_url())
    preview = client.get(
        reverse(
            "admin:news_pressrelease_preview",
            kwargs={"object_id": release.pk, "language": "en"},
        )
    )
    admin_form = client.get(change_url(release))
    assert public.status_code == preview.status_code == admin_form.status_code == 200
    return {
        "public": public.content.decode(),
        "preview": preview.content.decode(),
        "admin": admin_form.content.decode(),
    }


def test_press_release_body_reaches_no_page_hostile(admin_client):
    hostile = PressReleaseFactory(published=True, french=True)
    benign = PressReleaseFactory(published=True, french=True)
    post_body(admin_client, hostile, body_en=PAYLOAD, body_fr=PAYLOAD)
    post_body(admin_client, benign, body_en=BENIGN, body_fr=BENIGN)
    hostile.refresh_from_db()
    assert hostile.body_fr == sanitize_html(PAYLOAD)
    bad, good = (
        pages_of_a_release(admin_client, hostile),
        pages_of_a_release(admin_client, benign),
    )
    for name in ("public", "preview", "admin"):
        assert_harmless(bad[name], good[name])


def test_unit_description_reaches_no_page_hostile(admin_client):
    hostile, benign = UnitFactory(), UnitFactory()
    post_body(admin_client, hostile, description_en=PAYLOAD)
    post_body(admin_client, benign, description_en=BENIGN)
    for unit in (hostile, benign):
        unit.refresh_from_db()
    with override("en"):
        pages = [
            (admin_client.get(u.get_absolute_url()), admin_client.get(change_url(u)))
            for u in (hostile, benign)
        ]
    (bad_public, bad_admin), (good_public, good_admin) = pages
    assert bad_public.status_code == 200
    assert_harmless(bad_public.content.decode(), good_public.content.decode())
    assert_harmless(bad_admin.content.decode(), good_admin.content.decode())


def test_page_body_reaches_no_page_hostile(admin_client):
    hostile, benign = PageFactory(), PageFactory()
    post_body(admin_client, hostile, body_en=PAYLOAD)
    post_body(admin_client, benign, body_en=BENIGN)
    for page in (hostile, benign):
        page.refresh_from_db()
    with override("en"):
        bad_public = admin_client.get(hostile.get_absolute_url())
        good_public = admin_client.get(benign.get_absolute_url())
    assert bad_public.status_code == 200
    assert_harmless(bad_public.content.decode(), good_public.content.decode())
    assert_harmless(
        admin_client.get(change_url(hostile)).content.decode(),
        admin_client.get(change_url(benign)).content.decode(),
    )


def test_public_pages_forbid_inline_script_and_base_even_if_one_slipped_through(
    client,
):
    release = PressReleaseFactory(published=True)
    with override("en"):
        response = client.get(release.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert "unsafe-eval" not in policy
    assert "base-uri 'none'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
