"""Checks a translated string must pass before it is stored."""

import re
from collections import Counter
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from core.richtext import sanitize_html

VOID_ELEMENTS = {"br", "hr", "img", "wbr", "col", "source", "input", "meta", "link"}
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}|\[\[[\w.]+\]\]"
)


class _Markup(HTMLParser):
    """Collect tags with their attribute names and note unbalanced ones."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.used: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self._use(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._use(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if not self.stack or self.stack[-1] != tag:
            expected = self.stack[-1] if self.stack else None
            self.problems.append(
                _("</{tag}> closes {expected}.").format(
                    tag=tag,
                    expected=f"<{expected}>" if expected else _("nothing"),
                )
            )
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def _use(self, tag, attrs):
        self.used[(tag, None)] += 1
        for name, _value in attrs:
            self.used[(tag, name)] += 1


def _markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def html_problems(translation: str) -> list[str]:
    """Why ``translation`` is not balanced, safe HTML (empty when it is)."""
    parsed = _markup(translation)
    problems = list(parsed.problems)
    if parsed.stack:
        problems.append(
            _("Unclosed tags: {tags}.").format(
                tags=", ".join(f"<{tag}>" for tag in parsed.stack)
            )
        )
    kept = _markup(sanitize_html(translation)).used
    dropped = sorted(key for key in parsed.used if key not in kept and key[0] != "html")
    if dropped:
        problems.append(
            _("Markup the site does not allow: {markup}.").format(
                markup=", ".join(
                    f"<{tag}>" if name is None else f"{tag}@{name}"
                    for tag, name in dropped
                )
            )
        )
    return problems


def placeholder_problems(source: str, translation: str) -> list[str]:
    expected, found = (
        Counter(PLACEHOLDER.findall(source)),
        Counter(PLACEHOLDER.findall(translation)),
    )
    if expected == found:
        return []
    return [
        _(
            "Placeholders differ from the source: expected {expected}, found {found}."
        ).format(
            expected=", ".join(sorted(expected.elements())) or _("none"),
            found=", ".join(sorted(found.elements())) or _("none"),
        )
    ]
