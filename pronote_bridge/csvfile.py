"""Reading the file Pronote exports with "Imports/Exports > Socles ENT > Exporter les
identifiants PRONOTE".

Its exact layout is not published; Cartable accepts what such exports look like (docs/pronote.md):
a header line, ``;`` between columns (``,`` or a tab also accepted), UTF-8 (with or without BOM)
or Windows-1252, and these columns in any order, named in any case, with or without accents:

* **Nom**, **Prénom**, **Identifiant** (also "Identifiant PRONOTE", "Identifiant ENT",
  "Identifiant PRONOTE-ENT", "Login") — required;
* **Date de naissance** ("Né(e) le"), dd/mm/yyyy; **Classe** ("Classes"); **Profil**
  ("Catégorie", "Type") — optional, they make the match surer.

Any error refuses the whole file (``ValidationError`` with French messages, line numbers).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.text import fold

from . import conf, messages

LAST_NAME, FIRST_NAME, BIRTH_DATE, DIVISION, PROFILE, IDENTIFIER = (
    "nom",
    "prenom",
    "date_naissance",
    "classe",
    "profil",
    "identifiant",
)
COLUMN_LABELS = {
    LAST_NAME: "Nom",
    FIRST_NAME: "Prénom",
    BIRTH_DATE: "Date de naissance",
    DIVISION: "Classe",
    PROFILE: "Profil",
    IDENTIFIER: "Identifiant",
}
REQUIRED = (LAST_NAME, FIRST_NAME, IDENTIFIER)
_ALIASES = {
    LAST_NAME: {"nom", "nomdefamille", "nomusage", "nomdusage"},
    FIRST_NAME: {"prenom", "prenoms"},
    BIRTH_DATE: {"datedenaissance", "nele", "neele", "nee", "ne", "naissance", "datenaissance"},
    DIVISION: {"classe", "classes", "division"},
    PROFILE: {"profil", "categorie", "type", "fonction"},
    IDENTIFIER: {
        "identifiant",
        "identifiantpronote",
        "identifiantent",
        "identifiantpronoteent",
        "identifiantcas",
        "login",
    },
}
_HEADER_KEYS = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
# What UTF-8 accented letters look like once decoded as Windows-1252 and encoded again.
_DOUBLE_ENCODED = re.compile("Ã[\u00a0-\u00bf]|Ã©|Ã¨")
MAX_LENGTH = 100
MAX_REPORTED_ERRORS = 10


@dataclass(frozen=True)
class ExportRow:
    line: int
    last_name: str
    first_name: str
    birth_date: datetime.date | None
    division: str
    profile: str
    identifier: str


@dataclass(frozen=True)
class ExportFile:
    encoding: str
    rows: list[ExportRow]


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(messages.IMPORT_UTF16)
    if b"\x00" in content:
        raise ValidationError(messages.IMPORT_NOT_TEXT)
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as error:
            raise ValidationError(messages.IMPORT_BAD_ENCODING) from error
    try:
        text, encoding = content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = content.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as error:
            raise ValidationError(messages.IMPORT_BAD_ENCODING) from error
    if _DOUBLE_ENCODED.search(text):
        raise ValidationError(messages.IMPORT_DOUBLE_ENCODED)
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        raise ValidationError(messages.IMPORT_NOT_TEXT)
    return text, encoding


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    return ";" if counts[";"] else max(counts, key=lambda sep: counts[sep])


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _HEADER_KEYS.get(_NOT_ALNUM.sub("", fold(title)))
        if key is not None and key not in columns:
            columns[key] = index
    missing = [COLUMN_LABELS[key] for key in REQUIRED if key not in columns]
    if missing:
        found = [title.strip() for title in header if title.strip()]
        raise ValidationError(messages.import_missing_columns(missing, found))
    return columns


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(value)


def parse_export(content: bytes) -> ExportFile:
    """The rows of the file, or ``ValidationError`` (nothing is read past the first errors)."""
    if not content.strip():
        raise ValidationError(messages.IMPORT_FILE_EMPTY)
    if len(content) > conf.import_max_bytes():
        raise ValidationError(
            messages.import_too_large(len(content) // 1024, conf.import_max_bytes() // 1024)
        )
    text, encoding = _decode(content)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ValidationError(messages.IMPORT_NO_HEADER) from error
    columns = _columns(header)
    rows: list[ExportRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    limit = conf.import_max_rows()
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= limit:
                raise ValidationError(messages.import_too_many_rows(limit))
            row = _row(line, values, columns, errors, seen)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        raise ValidationError(messages.IMPORT_NOT_TEXT) from error
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        if len(errors) > MAX_REPORTED_ERRORS:
            shown.append(messages.more_errors(len(errors)))
        raise ValidationError(shown)
    if not rows:
        raise ValidationError(messages.IMPORT_NO_ROWS)
    return ExportFile(encoding=encoding, rows=rows)


def _row(
    line: int, values: list[str], columns: dict[str, int], errors: list[str], seen: dict[str, int]
) -> ExportRow | None:
    def value(key: str) -> str:
        index = columns.get(key)
        return values[index].strip() if index is not None and index < len(values) else ""

    cells = {key: value(key) for key in COLUMN_LABELS}
    missing = [key for key in REQUIRED if not cells[key]]
    if missing:
        errors.extend(messages.line_missing(line, COLUMN_LABELS[key]) for key in missing)
        return None
    if any(len(cell) > MAX_LENGTH for cell in cells.values()):
        errors.append(messages.line_too_long(line))
        return None
    birth_date = None
    if cells[BIRTH_DATE]:
        try:
            birth_date = parse_date(cells[BIRTH_DATE])
        except ValueError:
            errors.append(messages.line_bad_date(line, cells[BIRTH_DATE]))
            return None
    identifier = cells[IDENTIFIER]
    if identifier in seen:
        errors.append(messages.line_duplicate_identifier(line, identifier, seen[identifier]))
        return None
    seen[identifier] = line
    return ExportRow(
        line=line,
        last_name=cells[LAST_NAME],
        first_name=cells[FIRST_NAME],
        birth_date=birth_date,
        division=cells[DIVISION],
        profile=cells[PROFILE],
        identifier=identifier,
    )
