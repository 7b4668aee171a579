"""A translated field cut into segments, and put back together.

A rich-text field's sanitised HTML becomes a skeleton of structural markup
(lists, tables, figures...) with slots, one per run of text inside a block
(a paragraph, list item, heading, caption, table cell, quote). Inline markup
inside a run (links, emphasis, ``<span lang>``) becomes numbered
placeholders, ``{1}…{/1}`` for a pair of tags and ``{2/}`` for a void one;
the tags themselves, with their attributes, stay here on the server. A
translator may move placeholders but not break, drop or invent them.

Plain fields (a title, a summary) are one segment each.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from translations.registry import fingerprint

INLINE_TAGS = {"a", "strong", "b", "em", "i", "span", "sub", "sup", "br", "img"}
VOID_TAGS = {"br", "img", "hr", "wbr", "input", "col", "area", "source"}
PLACEHOLDER = re.compile(r"\{(/?)(\d+)(/?)\}")


def open_token(number: int) -> str:
    return "{" + str(number) + "}"


def close_token(number: int) -> str:
    return "{/" + str(number) + "}"


def void_token(number: int) -> str:
    return "{" + str(number) + "/}"


class SegmentError(ValueError):
    """A translated segment whose placeholders do not match its source's."""


@dataclass
class Segment:
    index: int
    # The text with placeholders, as the translator sees and writes it.
    text: str
    # Placeholder number -> (opening tag, closing tag); "" closes a void one.
    tags: dict[int, tuple[str, str]] = field(default_factory=dict)
    # The original markup, to show the source rendered.
    html: str = ""
    # The block it sits in ("p", "li", "h2"...), "" for a plain field.
    kind: str = ""

    @property
    def hash(self) -> str:
        return fingerprint(self.text)

    def to_html(self, text: str) -> str:
        """``text`` (a translation of this segment) as HTML with its tags."""
        check_placeholders(self, text)
        parts = []
        position = 0
        for match in PLACEHOLDER.finditer(text):
            parts.append(escape(text[position : match.start()], quote=False))
            closing, number, void = match.groups()
            opening, end = self.tags[int(number)]
            parts.append(end if closing else opening)
            position = match.end()
        parts.append(escape(text[position:], quote=False))
        return "".join(parts)

    def placeholder_legend(self) -> list[tuple[str, str]]:
        """Each placeholder and the tag it stands for, to show beside it."""
        legend = []
        for number, (opening, end) in sorted(self.tags.items()):
            token = (
                open_token(number) + "…" + close_token(number)
                if end
                else void_token(number)
            )
            legend.append((token, opening))
        return legend


@dataclass
class Skeleton:
    """A field's markup with a slot (a segment's index) per segment."""

    parts: list = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    rich: bool = True

    def rebuild(self, translations: dict[int, str]) -> str:
        """The field's value with each segment replaced by its translation.

        Raises SegmentError naming the first segment that is missing or
        whose placeholders are broken.
        """
        if not self.rich:
            if not self.segments:
                return ""
            text = translations.get(0, "")
            if not text.strip():
                raise SegmentError(_("Segment 1 is not translated."))
            return text.strip()
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            segment = self.segments[part]
            text = translations.get(part, "")
            if not text.strip():
                raise SegmentError(
                    _("Segment {number} is not translated.").format(number=part + 1)
                )
            out.append(segment.to_html(text.strip()))
        return "".join(out)


def check_placeholders(segment: Segment, text: str) -> None:
    """Raise SegmentError unless ``text`` has exactly ``segment``'s placeholders,
    each pair opened before it is closed and nested properly."""
    found = Counter()
    stack = []
    for match in PLACEHOLDER.finditer(text):
        closing, number, void = match.groups()
        number = int(number)
        token = match.group(0)
        if number not in segment.tags:
            raise SegmentError(
                _("{token} is not in the source: remove it.").format(token=token)
            )
        is_pair = bool(segment.tags[number][1])
        if void and (closing or is_pair) or (not void and not is_pair):
            raise SegmentError(
                _("{token} is not written as in the source.").format(token=token)
            )
        found[token] += 1
        if void:
            continue
        if not closing:
            stack.append(number)
        elif not stack or stack[-1] != number:
            raise SegmentError(
                _(
                    "{token} closes a placeholder that is not the last one "
                    "opened: keep each {{n}}…{{/n}} pair whole and nested."
                ).format(token=token)
            )
        else:
            stack.pop()
    expected = Counter()
    for number, (_opening, end) in segment.tags.items():
        if end:
            expected[open_token(number)] += 1
            expected[close_token(number)] += 1
        else:
            expected[void_token(number)] += 1
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    if missing:
        raise SegmentError(
            _("Placeholders missing: {tokens}.").format(tokens=" ".join(missing))
        )
    if extra:
        raise SegmentError(
            _("Placeholders repeated: {tokens}.").format(tokens=" ".join(extra))
        )
    if stack:
        raise SegmentError(
            _("{{{number}}} is opened but never closed.").format(number=stack[-1])
        )


class _Splitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skeleton = Skeleton()
        self.run: list[tuple[str, str, str]] = []  # (kind, raw, tag)
        self.blocks: list[str] = []

    # A run of inline content ends at any block tag.

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text()
        if tag in INLINE_TAGS:
            self.run.append(("void" if tag in VOID_TAGS else "start", raw, tag))
            return
        self.flush()
        self.skeleton.parts.append(raw)
        if tag not in VOID_TAGS:
            self.blocks.append(tag)

    def handle_startendtag(self, tag, attrs):
        raw = self.get_starttag_text()
        if tag in INLINE_TAGS:
            self.run.append(("void", raw, tag))
            return
        self.flush()
        self.skeleton.parts.append(raw)

    def handle_endtag(self, tag):
        if tag in INLINE_TAGS:
            if tag not in VOID_TAGS:
                self.run.append(("end", f"</{tag}>", tag))
            return
        self.flush()
        self.skeleton.parts.append(f"</{tag}>")
        if tag in self.blocks:
            while self.blocks and self.blocks.pop() != tag:
                pass

    def handle_data(self, data):
        self.run.append(("text", data, ""))

    def close(self):
        super().close()
        self.flush()

    def flush(self):
        run, self.run = self.run, []
        if not run:
            return
        if not any(kind == "text" and raw.strip() for kind, raw, _tag in run):
            self.skeleton.parts.append(
                "".join(
                    escape(raw, quote=False) if k == "text" else raw
                    for k, raw, _t in run
                )
            )
            return
        # Whitespace around the run stays in the skeleton.
        lead = trail = ""
        if run[0][0] == "text":
            text = run[0][1]
            lead = text[: len(text) - len(text.lstrip())]
            run[0] = ("text", text.lstrip(), "")
        if run[-1][0] == "text":
            text = run[-1][1]
            trail = text[len(text.rstrip()) :]
            run[-1] = ("text", text.rstrip(), "")
        if lead:
            self.skeleton.parts.append(escape(lead, quote=False))
        self.skeleton.parts.append(self._segment(run))
        if trail:
            self.skeleton.parts.append(escape(trail, quote=False))

    def _segment(self, run) -> int:
        # Pair each closing tag with the last unclosed opening of its name;
        # an unpaired tag becomes a void placeholder.
        pairs: dict[int, int] = {}
        open_: list[int] = []
        for position, (kind, _raw, tag) in enumerate(run):
            if kind == "start":
                open_.append(position)
            elif kind == "end":
                for back in range(len(open_) - 1, -1, -1):
                    if run[open_[back]][2] == tag:
                        pairs[open_[back]] = position
                        del open_[back:]
                        break
        closers = {end: start for start, end in pairs.items()}
        numbers: dict[int, int] = {}
        tags: dict[int, tuple[str, str]] = {}
        text, html = [], []
        for position, (kind, raw, _tag) in enumerate(run):
            if kind == "text":
                text.append(raw)
                html.append(escape(raw, quote=False))
                continue
            html.append(raw)
            if position in closers:
                text.append(close_token(numbers[closers[position]]))
                continue
            number = len(tags) + 1
            numbers[position] = number
            if position in pairs:
                tags[number] = (raw, run[pairs[position]][1])
                text.append(open_token(number))
            else:
                tags[number] = (raw, "")
                text.append(void_token(number))
        index = len(self.skeleton.segments)
        kind = self.blocks[-1] if self.blocks else ""
        self.skeleton.segments.append(
            Segment(
                index=index,
                text="".join(text),
                tags=tags,
                html="".join(html),
                kind=kind,
            )
        )
        return index


def split_html(html: str) -> Skeleton:
    """Cut sanitised HTML into a skeleton and its segments."""
    splitter = _Splitter()
    splitter.feed(html or "")
    splitter.close()
    return splitter.skeleton


def split_text(text: str) -> Skeleton:
    """A plain field: one segment, or none when empty."""
    text = (text or "").strip()
    skeleton = Skeleton(rich=False)
    if text:
        skeleton.segments.append(
            Segment(index=0, text=text, html=escape(text), kind="")
        )
        skeleton.parts.append(0)
    return skeleton


def split(value: str, *, rich: bool) -> Skeleton:
    return split_html(value) if rich else split_text(value)


def plain(text: str) -> str:
    """A segment's text without its placeholders (for matching and memory)."""
    return " ".join(PLACEHOLDER.sub("", text).split())
