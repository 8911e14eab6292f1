"""Where applicants' files are kept: a file system location with no public
address. Nothing maps it to a URL; the dossier's download view, after its
access check, is the only way a file leaves it."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage (under MEDIA_ROOT unless told otherwise) whose files have no URL."""

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Dossier files have no public address; they are served by the dossier's "
            "download view to those allowed to see the dossier."
        )
