"""Kept for the migrations that name ``news.images``: the code lives in
``iomsite/images.py``, shared with the organisation's photos."""

from iomsite.images import (  # noqa: F401
    CheckedImageField,
    CKEditorImageBackend,
    lead_image_upload_to,
)
