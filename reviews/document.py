"""An item as an outside reviewer reads it: per language, parts (title,
summary, body…) cut into paragraphs they can comment on one by one.

Models say what to show with ``review_parts(language)``: a list of
``(label, html)`` where ``html`` is already safe (escaped text or the
sanitised rich text stored by core.richtext).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

VOID = {"br", "hr", "img"}


@dataclass
class Block:
    key: str  # the form field's name
    html: SafeString
    excerpt: str
    typed: str = ""  # the reviewer's comment, shown again after an error


@dataclass
class Part:
    label: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Version:
    language: str
    name: str
    parts: list[Part]


class _Splitter(HTMLParser):
    """The top-level elements of ``html``, as spans of the source."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for index, character in enumerate(html):
            if character == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.start = 0
        self.spans: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        offset = self._offset()
        if tag in VOID:
            if self.depth == 0 and tag != "br":
                self.spans.append((offset, offset + len(self.get_starttag_text())))
            return
        if self.depth == 0:
            self.start = offset
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0 and tag != "br":
            offset = self._offset()
            self.spans.append((offset, offset + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.find(">", self._offset()) + 1
            self.spans.append((self.start, end))

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            offset = self._offset()
            self.spans.append((offset, offset + len(data)))


def split_blocks(html: str) -> list[str]:
    """``html`` cut into its top-level elements (paragraphs, lists…)."""
    splitter = _Splitter(html)
    splitter.feed(html)
    splitter.close()
    return [html[start:end] for start, end in splitter.spans]


def versions(item, languages: list[str]) -> list[Version]:
    """What the reviewer reads, language by language."""
    shown = []
    for code in languages:
        parts = []
        for number, (label, html) in enumerate(item.review_parts(code)):
            part = Part(label=label)
            for position, block in enumerate(split_blocks(str(html))):
                part.blocks.append(
                    Block(
                        key=f"comment-{code}-{number}-{position}",
                        # Escaped text or stored, sanitised rich text.
                        html=mark_safe(block),  # noqa: S308
                        excerpt=" ".join(strip_tags(block).split())[:280],
                    )
                )
            if part.blocks:
                parts.append(part)
        shown.append(
            Version(
                language=code,
                name=get_language_info(code)["name_translated"],
                parts=parts,
            )
        )
    return shown
