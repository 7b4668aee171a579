"""Where library files live: never at an address served as it is.

Originals and renditions are kept in a private folder (``IMAGES_ROOT``, by
default the ``private`` folder beside MEDIA_ROOT that documents use too) or,
past one machine, in ``STORAGES["library"]`` (a private S3 bucket). Their
addresses are the library view's (``images.views.serve_file``), which
answers 404 until something public uses the image: ``LibraryStorage.url()``
gives that address, so ``image.file.url`` and every rendition link lead
through the check.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from core import access
from core.storage import AtomicFileSystemStorage


class PrivateFolderStorage(AtomicFileSystemStorage):
    """The private folder, read on each use so that a test's temporary
    MEDIA_ROOT takes it along."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT).parent / "private"
        return Path(
            getattr(settings, "IMAGES_ROOT", None)
            or getattr(settings, "DOCUMENTS_ROOT", None)
            or default
        )

    @property
    def location(self):
        return str(self.base_location)


def backend() -> Storage:
    """``STORAGES["library"]`` when set, otherwise the private folder."""
    if "library" in settings.STORAGES:
        return storages["library"]
    return PrivateFolderStorage()


def is_local(storage: Storage) -> bool:
    """Whether ``storage`` has files on this machine's disk."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


@deconstructible(path="images.storage.LibraryStorage")
class LibraryStorage(Storage):
    """The backend's files under the library view's addresses."""

    def open(self, name, mode="rb"):
        return backend().open(name, mode)

    def save(self, name, content, max_length=None):
        return backend().save(name, content, max_length=max_length)

    def delete(self, name):
        return backend().delete(name)

    def exists(self, name):
        return backend().exists(name)

    def size(self, name):
        return backend().size(name)

    def listdir(self, path):
        return backend().listdir(path)

    def path(self, name):
        return backend().path(name)

    def get_modified_time(self, name):
        return backend().get_modified_time(name)

    def get_available_name(self, name, max_length=None):
        return backend().get_available_name(name, max_length=max_length)

    def url(self, name):
        """The public address, with the pass being issued (embargo pages)."""
        return access.with_pass(reverse("images:file", kwargs={"name": name}))

    def signed_url(self, name: str, *, expire: int) -> str:
        """A short-lived address of the file in remote storage (S3: signed,
        or on the CDN when one is configured)."""
        return backend().url(name, expire=expire)


_library = LibraryStorage()


def library_storage() -> LibraryStorage:
    return _library
