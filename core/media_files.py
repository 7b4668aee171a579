"""Stored files no row points to any more, found and deleted.

A library (images, documents) registers, from its ``AppConfig.ready()``,
the storage and folders its files live in and a function naming every file
its rows point to. ``clean_media_files`` lists each folder first and asks
for the names after, so that a row saved in between is seen; a file younger
than ``MIN_AGE`` is never touched (it may be an upload, or renditions,
being written now, whose row is not saved yet). Only the registered
folders are read: files that rich text points to, say, are elsewhere.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import Storage
from django.utils import timezone

MIN_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Library:
    name: str
    storage: Callable[[], Storage]
    folders: tuple[str, ...]
    referenced: Callable[[], Iterable[str]]


@dataclass
class Cleanup:
    """What was (or would be) deleted from one library."""

    name: str
    deleted: int = 0
    deleted_bytes: int = 0
    kept_young: int = 0
    kept_referenced: int = 0


_libraries: dict[str, Library] = {}


def register_library(
    *,
    name: str,
    storage: Callable[[], Storage],
    folders: Iterable[str],
    referenced: Callable[[], Iterable[str]],
) -> None:
    """Have ``clean_media_files`` look after ``folders`` of ``storage``,
    where ``referenced()`` names the files rows point to."""
    _libraries[name] = Library(name, storage, tuple(folders), referenced)


def stored_names(storage: Storage, folder: str) -> Iterator[str]:
    """Every file under ``folder``, at any depth."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}")


def _modified(storage: Storage, name: str) -> datetime | None:
    try:
        return storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return None


def clean_library(
    library: Library, *, dry_run: bool = False, now: datetime | None = None
) -> Cleanup:
    """Delete ``library``'s files that no row points to, a day old or more."""
    storage = library.storage()
    cutoff = (now or timezone.now()) - MIN_AGE
    names = [
        name for folder in library.folders for name in stored_names(storage, folder)
    ]
    referenced = set(library.referenced())
    result = Cleanup(library.name)
    for name in names:
        if name in referenced:
            result.kept_referenced += 1
            continue
        modified = _modified(storage, name)
        if modified is None or modified > cutoff:
            result.kept_young += 1
            continue
        size = storage.size(name)
        if not dry_run:
            storage.delete(name)
        result.deleted += 1
        result.deleted_bytes += size
    return result


def clean_media_files(
    *, dry_run: bool = False, now: datetime | None = None
) -> list[Cleanup]:
    """Clean every registered library (see the module's docstring)."""
    return [
        clean_library(library, dry_run=dry_run, now=now)
        for library in _libraries.values()
    ]
