"""A release's press kit: its photos and documents in one ZIP archive.

The archive is written while it is sent (``StreamingHttpResponse``): a kit
of large PDFs never sits whole in a worker's memory or on its disk.
``zipfile`` writes to a stream it cannot seek by putting each member's
size after its data, which every unzip tool reads.

Photos and PDFs are compressed already: they are stored as they are; only
``CREDITS.txt`` is deflated. The kit holds what the release page shows: the
photos whose rights have not expired, every language's file of each
document, and a ``CREDITS.txt`` naming each file's credit and licence and
the release's address.
"""

import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from news.models import PressRelease

CHUNK = 64 * 1024


@dataclass
class Member:
    """One file of the kit: where it is stored and what it is called in it."""

    name: str
    open: callable  # returns a binary file
    credit_lines: list[str]


class _Pipe:
    """A write-only file whose written bytes are collected for sending."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _photo_lines(image) -> list[str]:
    lines = [str(image)]
    if image.credit:
        lines.append(_("Photo: %(credit)s") % {"credit": image.credit})
    if image.licence_id:
        licence = image.licence.name
        if image.licence.url:
            licence = f"{licence} <{image.licence.url}>"
        lines.append(_("Licence: %(licence)s") % {"licence": licence})
    if image.usage_terms:
        lines.append(_("Terms of use: %(terms)s") % {"terms": image.usage_terms})
    return lines


def members(release: PressRelease) -> list[Member]:
    """Every file of the kit, named so that names never collide."""
    found = []
    for number, image in enumerate(release.press_kit_images(), start=1):
        extension = image.file.name.rsplit(".", 1)[-1].lower()
        slug = slugify(str(image))[:60] or "photo"
        found.append(
            Member(
                name=f"photos/{number:02d}-{slug}.{extension}",
                open=image.file.open,
                credit_lines=_photo_lines(image),
            )
        )
    for document in release.downloads():
        for document_file in document.files.all():
            found.append(
                Member(
                    name=(
                        f"documents/{document_file.language}/"
                        f"{document_file.slug}.{document_file.kind}"
                    ),
                    open=document_file.file.open,
                    credit_lines=[
                        getattr(document, f"title_{document_file.language}", "")
                        or str(document)
                    ],
                )
            )
    return found


def credits_text(release: PressRelease, found: list[Member]) -> str:
    address = settings.SITE_URL.rstrip("/") + release.get_absolute_url()
    lines = [
        str(release),
        address,
        "",
        _("Press kit made on %(date)s. Credit each photo as written below.")
        % {"date": timezone.localdate().isoformat()},
        "",
    ]
    for member in found:
        lines.append(member.name)
        lines.extend(f"    {line}" for line in member.credit_lines)
        lines.append("")
    return "\n".join(lines)


def stream_zip(release: PressRelease, found: list[Member]):
    """The archive's bytes, a piece at a time."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w") as archive:
        archive.writestr(
            "CREDITS.txt",
            credits_text(release, found),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        yield pipe.take()
        for member in found:
            try:
                source = member.open("rb")
            except FileNotFoundError:
                continue
            with source, archive.open(member.name, mode="w", force_zip64=True) as out:
                while data := source.read(CHUNK):
                    out.write(data)
                    if sum(len(chunk) for chunk in pipe.chunks) >= CHUNK:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()


@require_GET
def release_kit(request, pk, slug):
    """The press kit of a release public in the page's language."""
    language = get_language()
    release = get_object_or_404(PressRelease.objects.for_detail(), pk=pk)
    if not release.is_public_in(language):
        raise Http404
    found = members(release)
    if not found:
        raise Http404
    name = f"{slugify(str(release))[:60] or 'release'}-{release.pk}.zip"
    response = StreamingHttpResponse(
        stream_zip(release, found), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A release can be unpublished: shared caches keep the kit briefly.
    response["Cache-Control"] = "public, max-age=300"
    return response
