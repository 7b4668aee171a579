"""What an uploaded document is, found from its bytes, never from its name.

``inspect_upload()`` recognises the type by its magic bytes and then parses
the file: a PDF with pypdf, the office formats and ZIP archives with
``zipfile``, CSV by decoding it. Anything that a reader's computer could be
made to run (PDF actions, macros), that could unpack into something huge
(zip bombs) or that is two formats at once (polyglots) is refused with a
message saying what to do instead.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents import conf

NAME_LENGTH = 100

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
    "zip": "application/zip",
}
# The main part's content type in [Content_Types].xml names the format.
OOXML_MAIN_PARTS = {
    "docx": b"wordprocessingml.document.main+xml",
    "xlsx": b"spreadsheetml.sheet.main+xml",
}
# Dictionary keys and action types that make a PDF do something by itself.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/AA"}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"}
PDF_MAX_OBJECTS = 500_000
# Markup that a browser sniffing the start of the file would render.
MARKUP = re.compile(rb"<\s*(html|script|body|svg|iframe|!doctype|\?xml)", re.I)
ZIP_END = b"PK\x05\x06"


@dataclass
class Inspection:
    kind: str
    content_type: str
    pages: int | None = None


def inspect_upload(upload, *, name: str = "") -> Inspection:
    """The type of ``upload`` (an open file), or a ValidationError."""
    limits = conf.size_limits()
    size = upload.size
    if size > max(limits.values()):
        raise _too_large(max(limits.values()))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith((b"PK\x03\x04", ZIP_END)):
        kind = None  # decided by what the archive holds
    elif name.lower().endswith(".csv"):
        kind = "csv"
    else:
        raise ValidationError(
            _(
                "This file is not a type the library accepts. Upload a PDF, "
                "a Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) "
                "file, a CSV table or a ZIP archive."
            ),
            code="type",
        )
    # Refused by size before it is parsed, when its type is known already.
    if kind and size > limits[kind]:
        raise _too_large(limits[kind])
    try:
        if kind == "pdf":
            inspection = _inspect_pdf(upload)
        elif kind == "csv":
            inspection = _inspect_csv(upload.read())
        else:
            inspection = _inspect_archive(upload)
    finally:
        upload.seek(0)
    if size > limits[inspection.kind]:
        raise _too_large(limits[inspection.kind])
    return inspection


def safe_name(name: str, extension: str) -> str:
    """``name`` as a harmless file name ending in ``.extension``.

    Keeps only the last path part, drops control, bidi and other invisible
    format characters (a right-to-left override can make ``exe.pdf`` look
    like ``fdp.exe``), and caps the length, keeping the extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(
        " " if unicodedata.category(c) in {"Zl", "Zp", "Zs"} else c
        for c in name
        if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"[\"<>:|?*]", "_", name)
    name = " ".join(name.split())
    stem, dot, _old_extension = name.rpartition(".")
    stem = (stem if dot else name).strip(" .") or "document"
    return f"{stem[: NAME_LENGTH - len(extension) - 1]}.{extension}"


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "This file is too large: files of this type may be at most "
            "%(limit)s. Split it or compress it, then upload it again."
        ),
        code="size",
        params={"limit": filesizeformat(limit)},
    )


def _unreadable(kind: str) -> ValidationError:
    return ValidationError(
        _(
            "This %(kind)s file cannot be read: it may be damaged or "
            "incomplete. Save it again from the program that made it and "
            "upload the new file."
        ),
        code="unreadable",
        params={"kind": kind.upper()},
    )


def _inspect_pdf(upload) -> Inspection:
    upload.seek(0)
    if MARKUP.search(upload.read(1024)):
        raise _polyglot()
    # A ZIP's directory is at its end: an archive appended to the PDF.
    upload.seek(max(upload.size - 66_000, 0))
    tail = upload.read()
    if ZIP_END in tail or b"PK\x01\x02" in tail:
        raise _polyglot()
    upload.seek(0)
    # pypdf (and Pillow, which it loads) is imported only when a PDF comes
    # in: app servers that never receive one keep ~7 MB per worker.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "This PDF is encrypted or password-protected. Save a "
                    "copy without a password and upload that."
                ),
                code="encrypted",
            )
        pages = len(reader.pages)
        if pages > conf.pdf_page_limit():
            raise ValidationError(
                _(
                    "This PDF has %(pages)s pages; the library accepts at "
                    "most %(limit)s. Split it into parts."
                ),
                code="pages",
                params={"pages": pages, "limit": conf.pdf_page_limit()},
            )
        _refuse_pdf_actions(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise _unreadable("pdf") from None
    if pages == 0:
        raise _unreadable("pdf")
    return Inspection("pdf", CONTENT_TYPES["pdf"], pages=pages)


def _polyglot() -> ValidationError:
    return ValidationError(
        _(
            "This PDF also contains another kind of file (web page or ZIP "
            "archive). Print it to a new PDF and upload that."
        ),
        code="polyglot",
    )


def _refuse_pdf_actions(reader) -> None:
    """Walk every object reachable from ``reader``'s trailer, refusing actions."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise _unreadable("pdf")
        if isinstance(item, DictionaryObject):
            keys = set(item.keys())
            action = item.get("/S")
            open_action = item.get("/OpenAction")
            if open_action is not None and isinstance(
                open_action.get_object(), DictionaryObject
            ):
                keys.add("/OpenAction")
            if keys & (PDF_ACTIVE_KEYS | {"/OpenAction"}) or (
                action in PDF_ACTIVE_ACTIONS
            ):
                raise ValidationError(
                    _(
                        "This PDF contains scripts, actions that run on "
                        "opening, or attached files, which the site does not "
                        "pass on to readers. Print it to a new PDF (or "
                        "export it without attachments) and upload that."
                    ),
                    code="active",
                )
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _inspect_csv(data: bytes) -> Inspection:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "This CSV file is not UTF-8 text. Save it again as "
                "“CSV UTF-8” and upload the new file."
            ),
            code="encoding",
        ) from None
    if "\x00" in text or MARKUP.match(text.lstrip().encode()):
        raise ValidationError(
            _("This file is not a CSV table. Export the table as CSV UTF-8."),
            code="type",
        )
    return Inspection("csv", CONTENT_TYPES["csv"])


def _inspect_archive(upload) -> Inspection:
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _unreadable("zip") from None
    _refuse_bombs_and_paths(entries)
    names = {entry.filename for entry in entries}
    kind = "zip"
    if "[Content_Types].xml" in names:
        kind = _office_kind(archive, names)
    elif entries and entries[0].filename == "mimetype":
        if archive.read("mimetype").strip() == CONTENT_TYPES["odt"].encode():
            kind = "odt"
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise _macros()
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        damaged = True
    if damaged:
        raise _unreadable(kind)
    return Inspection(kind, CONTENT_TYPES[kind])


def _refuse_bombs_and_paths(entries: list[zipfile.ZipInfo]) -> None:
    limits = conf.zip_limits()
    if len(entries) > limits["entries"]:
        raise ValidationError(
            _(
                "This archive holds more than %(limit)s files. Split it into "
                "several archives."
            ),
            code="entries",
            params={"limit": limits["entries"]},
        )
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    too_packed = any(
        entry.file_size > limits["ratio"] * max(entry.compress_size, 1)
        and entry.file_size > 1024 * 1024
        for entry in entries
    )
    if (
        total > limits["total"]
        or too_packed
        or (total > 1024 * 1024 and total > limits["ratio"] * max(packed, 1))
    ):
        raise ValidationError(
            _(
                "This archive would unpack to far more data than it holds "
                "(%(size)s), as a “zip bomb” does. Upload the files it should "
                "contain in an ordinary archive."
            ),
            code="bomb",
            params={"size": filesizeformat(total)},
        )
    for entry in entries:
        path = entry.filename.replace("\\", "/")
        if (
            path.startswith("/")
            or re.match(r"^[A-Za-z]:", path)
            or ".." in PurePosixPath(path).parts
            or any(unicodedata.category(c) in {"Cc", "Cf"} for c in path)
        ):
            raise ValidationError(
                _(
                    "This archive contains a file named “%(name)s”, which "
                    "would be unpacked outside its folder. Make the archive "
                    "again from a folder of ordinary files."
                ),
                code="path",
                params={"name": entry.filename[:100]},
            )


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    types = archive.read("[Content_Types].xml")
    if (
        any(n.lower().endswith("vbaproject.bin") for n in names)
        or b"macroenabled" in types.lower()
        or b"vbaproject" in types.lower()
    ):
        raise _macros()
    for kind, marker in OOXML_MAIN_PARTS.items():
        if marker in types:
            return kind
    raise ValidationError(
        _(
            "This Office file is not a Word document (DOCX) or an Excel "
            "workbook (XLSX). Save it as one of those, or as PDF."
        ),
        code="type",
    )


def _macros() -> ValidationError:
    return ValidationError(
        _(
            "This file contains macros, which the site does not pass on to "
            "readers. Save it without macros (as DOCX, XLSX or ODT) or as "
            "PDF, and upload that."
        ),
        code="macros",
    )
