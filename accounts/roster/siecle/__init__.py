"""Parse SIECLE (BEE_ELEVES, BEE_RESPONSABLES) and STS-web (STS_EDT) exports into dataclasses.

Uploads are untrusted: XML goes through defusedxml only (no DTD, no entities), zips are read
entry by entry with size limits. Element order is never relied on, optional values may be
missing or empty. No database access here.

This module reads the upload (zip or bare XML, with the size limits below, which callers and
tests may tune as ``siecle.MAX_XML_BYTES``…) and dispatches each document to its parser; the
dataclasses are in ``records``, the parsers in ``documents`` (with the small ``readers`` they
share). Everything public is re-exported here: import from ``accounts.roster.siecle``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element  # noqa: S405 - type only; parsing goes through defusedxml

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from accounts import conf, messages

from .documents import _parse_guardians, _parse_pupils, _parse_sts, _sts_header
from .readers import _siecle_header, parse_date
from .records import (
    GUARDIANS,
    KIND_LABELS,
    MEF_LEVELS,
    PUPILS,
    ROOTS,
    STAFF,
    AddressRecord,
    Anomaly,
    Export,
    ExportHeader,
    ExportKind,
    GroupRecord,
    GuardiansExport,
    LinkRecord,
    PersonRecord,
    PupilRecord,
    PupilsExport,
    RosterFileError,
    ServiceRecord,
    StaffRecord,
    StsExport,
    SubjectRecord,
)

__all__ = [
    "GUARDIANS",
    "KIND_LABELS",
    "MAX_COMPRESSION_RATIO",
    "MAX_XML_BYTES",
    "MAX_ZIP_ENTRIES",
    "MEF_LEVELS",
    "PUPILS",
    "ROOTS",
    "STAFF",
    "AddressRecord",
    "Anomaly",
    "Export",
    "ExportHeader",
    "ExportKind",
    "GroupRecord",
    "GuardiansExport",
    "LinkRecord",
    "PersonRecord",
    "PupilRecord",
    "PupilsExport",
    "RosterFileError",
    "ServiceRecord",
    "StaffRecord",
    "StsExport",
    "SubjectRecord",
    "inspect_upload",
    "parse_date",
    "parse_document",
    "parse_upload",
    "read_upload",
]

MAX_XML_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 20
MAX_COMPRESSION_RATIO = 200
_CHUNK = 1024 * 1024


# --- reading the upload --------------------------------------------------------------------


def _is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


class _Budget:
    """Bytes an upload may still decompress. Counted on what is actually read, never on the
    sizes the zip headers declare: headers can lie, and 20 members just under the per-file limit
    would otherwise fill the memory before anything is refused."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit


def read_upload(
    name: str, data: bytes, *, max_total_bytes: int | None = None
) -> list[tuple[str, bytes]]:
    """The XML documents of an upload: the bare XML, or every ``.xml`` inside a zip (one level
    of nested zips too, since SIECLE delivers each export zipped). What a zip decompresses is
    capped per member (``MAX_XML_BYTES``) and in total (the upload limit, ``import_max_bytes``)."""
    if not data:
        raise RosterFileError(messages.file_empty(name))
    if _is_zip(data):
        budget = _Budget(conf.import_max_bytes() if max_total_bytes is None else max_total_bytes)
        documents = list(_read_zip(name, data, depth=0, budget=budget))
        if not documents:
            raise RosterFileError(messages.archive_without_xml(name))
        return documents
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        raise RosterFileError(messages.file_neither_xml_nor_zip(name))
    return [(name, data)]


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """The member's bytes, read by chunks and refused as soon as a limit is passed."""
    cap = min(MAX_XML_BYTES, budget.left)
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(min(_CHUNK, cap + 1 - size)):
            size += len(chunk)
            if size > cap:
                if cap < MAX_XML_BYTES:
                    raise RosterFileError(
                        messages.archive_too_large(info.filename, budget.limit // (1024 * 1024))
                    )
                raise RosterFileError(messages.archive_entry_too_large(info.filename))
            chunks.append(chunk)
    budget.left -= size
    return b"".join(chunks)


def _read_zip(name: str, data: bytes, depth: int, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RosterFileError(messages.archive_damaged(name)) from exc
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise RosterFileError(messages.archive_too_many_files(name, len(entries)))
        for info in entries:
            lower = info.filename.lower()
            if not (lower.endswith(".xml") or (lower.endswith(".zip") and depth == 0)):
                continue
            # A quick refusal on what the headers declare; the real bound is _read_member's.
            if info.file_size > MAX_XML_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                raise RosterFileError(messages.archive_entry_too_large(info.filename))
            try:
                content = _read_member(archive, info, budget)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                raise RosterFileError(
                    messages.archive_entry_unreadable(info.filename, name)
                ) from exc
            if lower.endswith(".zip"):
                yield from _read_zip(info.filename, content, depth + 1, budget)
            else:
                yield info.filename.rsplit("/", 1)[-1], content


def _parse_xml(name: str, data: bytes) -> Element:
    try:
        # Expat honours the encoding declared in the header (ISO-8859-15, UTF-8) and a BOM.
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RosterFileError(messages.xml_forbidden_declarations(name)) from exc
    except SafeET.ParseError as exc:
        raise RosterFileError(_xml_invalid(name, exc)) from exc
    except LookupError as exc:  # unknown encoding declared
        raise RosterFileError(messages.xml_unknown_encoding(name)) from exc


def _xml_invalid(name: str, exc: SafeET.ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    return messages.xml_invalid(name, line, column)


def _kind_of(name: str, root: Element) -> ExportKind:
    kind = ROOTS.get(root.tag)
    if kind is None:
        raise RosterFileError(messages.not_a_siecle_export(name, root.tag))
    return kind


def parse_upload(name: str, data: bytes) -> list[Export]:
    """Every export of an upload (zip or bare XML), in the order the importer needs them."""
    exports = [parse_document(doc_name, content) for doc_name, content in read_upload(name, data)]
    order = {PUPILS: 0, GUARDIANS: 1, STAFF: 2}
    return sorted(exports, key=lambda export: order[export.header.kind])


def inspect_upload(name: str, data: bytes) -> list[ExportHeader]:
    """The kind, UAJ and school year of every export of an upload, reading only as far as each
    file's PARAMETRES block: a quick check at upload time, the full parse runs in the background."""
    return [_inspect_document(doc_name, content) for doc_name, content in read_upload(name, data)]


def _inspect_document(name: str, data: bytes) -> ExportHeader:
    root: Element | None = None
    kind: ExportKind | None = None
    try:
        for event, element in SafeET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            if root is None:
                root = element
                kind = _kind_of(name, root)
            elif event == "end" and element.tag == "PARAMETRES":
                break
    except DefusedXmlException as exc:
        raise RosterFileError(messages.xml_forbidden_declarations(name)) from exc
    except SafeET.ParseError as exc:
        raise RosterFileError(_xml_invalid(name, exc)) from exc
    except LookupError as exc:
        raise RosterFileError(messages.xml_unknown_encoding(name)) from exc
    if root is None or kind is None:
        raise RosterFileError(messages.xml_empty(name))
    return _sts_header(name, root) if kind == STAFF else _siecle_header(name, kind, root)


def parse_document(name: str, data: bytes) -> Export:
    root = _parse_xml(name, data)
    kind = _kind_of(name, root)
    if kind == PUPILS:
        return _parse_pupils(name, root)
    if kind == GUARDIANS:
        return _parse_guardians(name, root)
    return _parse_sts(name, root)
