"""Kept for the migrations that name ``news.images``: the code lives in
``core/images.py``, shared with the organisation's photos."""

from core.images import (  # noqa: F401
    CheckedImageField,
    CKEditorImageBackend,
    lead_image_upload_to,
)
