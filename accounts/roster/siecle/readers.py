"""Small readers shared by the SIECLE / STS-web parsers: whitespace-normalised text of an
element, dates in both formats (an anomaly rather than an error when unreadable), flags, school
years, and the PARAMETRES header of the two SIECLE exports."""

from __future__ import annotations

import datetime
import re
from xml.etree.ElementTree import Element  # noqa: S405 - type only; parsing goes through defusedxml

from .records import Anomaly, ExportHeader, ExportKind

_SPACES = re.compile(r"\s+")


def _clean(value: str | None) -> str:
    return _SPACES.sub(" ", value).strip() if value else ""


def _text(element: Element | None, tag: str) -> str:
    if element is None:
        return ""
    child = element.find(tag)
    return _clean(child.text) if child is not None else ""


def parse_date(value: str) -> datetime.date | None:
    """``JJ/MM/AAAA`` (SIECLE) or ``AAAA-MM-JJ`` (STS); empty gives None; garbage raises ValueError."""
    value = value.strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(value)


def _date_or_anomaly(
    value: str, anomalies: list[Anomaly], what: str, ref: str
) -> datetime.date | None:
    try:
        return parse_date(value)
    except ValueError:
        anomalies.append(
            Anomaly("invalid_value", f"{what} illisible « {value} » ({ref}) : ignorée.", ref)
        )
        return None


def _flag(value: str) -> bool:
    return value.strip() in {"1", "O", "o", "true", "OUI", "oui"}


def _optional_flag(value: str) -> bool | None:
    value = value.strip()
    if not value:
        return None
    return _flag(value)


def _year(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    match = re.match(r"^(\d{4})", value)
    return int(match.group(1)) if match else None


def _siecle_header(name: str, kind: ExportKind, root: Element) -> ExportHeader:
    params = root.find("PARAMETRES")
    return ExportHeader(
        kind=kind,
        source_name=name,
        uaj=_text(params, "UAJ").upper(),
        school_year=_year(_text(params, "ANNEE_SCOLAIRE")),
        export_date=_text(params, "DATE_EXPORT"),
    )
