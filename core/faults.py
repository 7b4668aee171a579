"""Answers for when a part of the platform is down or a file has gone."""

import logging
import sys
from pathlib import PurePosixPath

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.static import serve

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"}
# A grey frame: the page keeps its layout where an image has gone.
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" '
    'viewBox="0 0 320 180"><rect width="320" height="180" fill="#e8ecef"/>'
    "</svg>"
)


def server_error(request):
    """``handler500``: a database that does not answer is a quick 503.

    The 503 page is plain HTML (no menu, no query), so it renders while the
    database is down; connections are checked before reuse
    (``CONN_HEALTH_CHECKS``), so the site recovers on its own.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable: answering 503 (%s)", error)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def serve_media(request, path, document_root=None):
    """Django's media view, with a placeholder for an image that has gone."""
    try:
        return serve(request, path, document_root=document_root)
    except Http404:
        if PurePosixPath(path).suffix.lower() not in IMAGE_EXTENSIONS:
            raise
        response = HttpResponse(
            PLACEHOLDER_SVG, content_type="image/svg+xml", status=404
        )
        response["Cache-Control"] = "no-store"
        return response
