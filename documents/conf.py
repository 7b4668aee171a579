"""The library's limits, each overridable in settings (see the README).

Read on every use, not at import, so tests and settings changes apply.
"""

from django.conf import settings

MB = 1024 * 1024

DEFAULT_SIZE_LIMITS = {
    "pdf": 50 * MB,
    "docx": 20 * MB,
    "xlsx": 20 * MB,
    "odt": 20 * MB,
    "csv": 10 * MB,
    "zip": 100 * MB,
}


def size_limits() -> dict[str, int]:
    """Bytes allowed per type: ``DOCUMENT_SIZE_LIMITS`` over the defaults."""
    return {**DEFAULT_SIZE_LIMITS, **getattr(settings, "DOCUMENT_SIZE_LIMITS", {})}


def pdf_page_limit() -> int:
    return getattr(settings, "DOCUMENT_PDF_MAX_PAGES", 2000)


def zip_limits() -> dict[str, int]:
    """Bounds on what an archive (ZIP, DOCX, XLSX, ODT) may unpack to."""
    return {
        "total": getattr(settings, "DOCUMENT_ZIP_MAX_UNCOMPRESSED", 500 * MB),
        "ratio": getattr(settings, "DOCUMENT_ZIP_MAX_RATIO", 100),
        "entries": getattr(settings, "DOCUMENT_ZIP_MAX_ENTRIES", 10_000),
    }
