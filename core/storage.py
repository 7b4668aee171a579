"""Media on the local disk, written so that a failure leaves nothing behind.

Django's FileSystemStorage writes straight into the final name: a full disk
or a read-only mount half way through leaves a truncated image that pages
then link to. This storage writes to a hidden temporary name in the same
folder, flushes it to disk, and only then gives it its name in one atomic
step; on any error the temporary is removed. (A process killed outright
can still leave a ``.*.part`` file, never under a name a page uses.)
"""

import contextlib
import os
import uuid

from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

# What a storage raises when it cannot keep a file: a full, read-only or
# missing disk (OSError) and, with S3 (pip install '.[s3]'), botocore's
# client and transport errors. Callers tell the editor and keep their input.
try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # S3 support not installed
    STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError,)
else:
    STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        # Same folder, so the rename below never crosses file systems.
        temporary = os.path.join(directory, f".{uuid.uuid4().hex}.part")
        try:
            _write(temporary, content)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    if self._allow_overwrite:
                        os.replace(temporary, full_path)
                    else:
                        # link() is atomic and, unlike replace(), refuses to
                        # overwrite a file another request has just stored.
                        os.link(temporary, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
        self._ensure_location_group_id(full_path)
        # Relative to the storage root, with forward slashes, as Django does.
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def _write(path: str, content) -> None:
    # 0o666 less the umask, as FileSystemStorage creates its files.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o666), "wb") as file:
        for chunk in content.chunks():
            file.write(chunk.encode() if isinstance(chunk, str) else chunk)
        file.flush()
        # On disk before it gets its name: a crash cannot publish an empty
        # file, and a full disk is reported here rather than lost.
        os.fsync(file.fileno())
