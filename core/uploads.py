"""Files people upload (attachments, justifications, avis d'imposition): checked by their content,
never by their name, and stored under a random name outside any public URL.

``upload_check`` reads the first bytes (and, for office documents, the zip's table of contents)
to tell what the file really is; an executable renamed ``.pdf`` is refused like a 30 MB file, with
a French message. The stored name is random (``PrivateUploadTo``); the name shown and used on
download is the person's own, with the extension of what the file really is. Files are served
only by views that checked who asks (``core.http.attachment_response``).
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from . import messages


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extension: str
    label: str


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "application/pdf", ".pdf", "PDF"),
        FileKind("png", "image/png", ".png", "PNG"),
        FileKind("jpeg", "image/jpeg", ".jpg", "JPEG"),
        FileKind("gif", "image/gif", ".gif", "GIF"),
        FileKind("webp", "image/webp", ".webp", "WebP"),
        FileKind("odt", "application/vnd.oasis.opendocument.text", ".odt", "ODT"),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods", "ODS"),
        FileKind("odp", "application/vnd.oasis.opendocument.presentation", ".odp", "ODP"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "DOCX",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            "XLSX",
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
            "PPTX",
        ),
        FileKind("txt", "text/plain; charset=utf-8", ".txt", "texte"),
    )
}
IMAGES = ("png", "jpeg", "gif", "webp")
# What a teacher, a family or a secretary usually joins: documents, images, plain text.
DOCUMENTS = (
    "pdf",
    "png",
    "jpeg",
    "gif",
    "webp",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "txt",
)
# Proofs sent to the school (justification of an absence, avis d'imposition).
PROOFS = ("pdf", "png", "jpeg")

_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_HEAD = 8192


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, key in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return key
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sample is still text.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    # Markup would be rendered by a browser that ignores our content type: not "plain text".
    return not re.search(r"<\s*(html|script|svg|body|iframe|!doctype)", text, re.IGNORECASE)


def sniff(stream: IO[bytes]) -> FileKind | None:
    """What ``stream`` holds, read from its content (``None``: nothing we accept)."""
    stream.seek(0)
    head = stream.read(_HEAD)
    stream.seek(0)
    key: str | None = None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        key = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        key = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        key = "jpeg"
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        key = "gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        key = "webp"
    elif head.startswith(b"PK\x03\x04"):
        key = _zip_kind(stream)
        stream.seek(0)
    elif head and _is_text(head):
        key = "txt"
    return KINDS[key] if key else None


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    name: str  # the person's name for it, with the extension of what it really is
    size: int


def safe_filename(name: str, kind: FileKind, *, default: str = "document") -> str:
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    stem = re.sub(r"[^\w .()'-]+", "_", stem, flags=re.UNICODE).strip(" ._") or default
    return stem[:100] + kind.extension


def upload_check(upload: Any, *, allowed: Iterable[str], max_bytes: int) -> CheckedUpload:
    """Refuses (French ``ValidationError``) an empty file, one over ``max_bytes`` or one whose
    content is not of an ``allowed`` kind."""
    allowed = tuple(allowed)
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationError(messages.UPLOAD_EMPTY, code="empty")
    if size > max_bytes:
        raise ValidationError(messages.upload_too_large(size, max_bytes), code="too_large")
    stream = upload.open("rb") if hasattr(upload, "open") else upload
    kind = sniff(stream if hasattr(stream, "seek") else io.BytesIO(stream.read()))
    if kind is None or kind.key not in allowed:
        raise ValidationError(
            messages.upload_type_refused([KINDS[key].label for key in allowed]), code="type"
        )
    return CheckedUpload(kind=kind, name=safe_filename(upload.name or "", kind), size=size)


@deconstructible
class PrivateUploadTo:
    """``upload_to`` for a FileField: ``<prefix>/<year>/<month>/<random>.<ext>``; the stored name
    reveals nothing and cannot be guessed (migrations serialise it by its prefix)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        extension = os.path.splitext(filename)[1].lower()[:8]
        return f"{self.prefix}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
