"""What an uploaded file is, decided by its first bytes (its signature), never
by its name or the type the browser declared: a program renamed .pdf is
still a program, and a PNG renamed .pdf is kept and served as a PNG."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Enough bytes for every signature below.
HEAD_BYTES = 32


@dataclass(frozen=True)
class FileKind:
    content_type: str
    label: str  # what the upload form says is accepted
    extensions: tuple[str, ...]  # for the file picker's `accept`, never for the decision
    matches: Callable[[bytes], bool]


def _is_pdf(head: bytes) -> bool:
    # Readers accept the header anywhere in the first kilobyte; an upload
    # from a scanner or a phone starts with it, so require it at the start.
    return head.startswith(b"%PDF-")


def _is_jpeg(head: bytes) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _is_png(head: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def _is_heic(head: bytes) -> bool:
    # An ISO base media file whose first box is `ftyp` with a HEIF brand.
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


KINDS: tuple[FileKind, ...] = (
    FileKind("application/pdf", "PDF", (".pdf",), _is_pdf),
    FileKind("image/jpeg", "JPEG", (".jpg", ".jpeg"), _is_jpeg),
    FileKind("image/png", "PNG", (".png",), _is_png),
    FileKind("image/webp", "WEBP", (".webp",), _is_webp),
    FileKind("image/heic", "HEIC", (".heic", ".heif"), _is_heic),
)
_BY_TYPE = {kind.content_type: kind for kind in KINDS}


def accepted_kinds(content_types: list[str]) -> list[FileKind]:
    """The known kinds among these content types, in the order given."""
    return [_BY_TYPE[name] for name in content_types if name in _BY_TYPE]


def sniff(head: bytes, *, accepted: list[FileKind]) -> FileKind | None:
    """The accepted kind whose signature the file's first bytes carry, or None."""
    return next((kind for kind in accepted if kind.matches(head)), None)
