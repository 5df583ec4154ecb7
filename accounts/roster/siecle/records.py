"""What a parsed SIECLE / STS-web export is made of: plain dataclasses, no database.

The kinds of export and their labels, the collège levels by CODE_MEF, the error raised for a file
that cannot be imported (``RosterFileError``), the anomalies the parsers report, and one record
class per element read (pupil, person, address, link, staff member), grouped into one export
class per kind. The importer and the demo generator depend on these, not on the parsing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

PUPILS = "eleves"
GUARDIANS = "responsables"
STAFF = "sts"
ExportKind = Literal["eleves", "responsables", "sts"]

ROOTS: dict[str, ExportKind] = {
    "BEE_ELEVES": PUPILS,
    "BEE_RESPONSABLES": GUARDIANS,
    "STS_EDT": STAFF,
}
KIND_LABELS = {
    PUPILS: "export des élèves (ElevesSansAdresses)",
    GUARDIANS: "export des responsables (ResponsablesAvecAdresses)",
    STAFF: "export STS-web des personnels (sts_emp)",
}

# Collège levels by CODE_MEF; other MEF (ULIS, SEGPA…) fall back on the class code.
MEF_LEVELS = {
    "10010012110": "6",
    "10110001110": "5",
    "10210001110": "4",
    "10310019110": "3",
}


class RosterFileError(ValueError):
    """A file that cannot be imported; ``message`` is French and meant for the secretariat."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Anomaly:
    kind: str
    message: str
    ref: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message, "ref": self.ref}


@dataclass(frozen=True)
class ExportHeader:
    kind: ExportKind
    source_name: str
    uaj: str
    school_year: int | None
    export_date: str = ""


@dataclass
class PupilRecord:
    siecle_id: str
    elenoet: str
    ine: str
    last_name: str
    usage_name: str
    first_name: str
    second_first_name: str
    birth_date: datetime.date | None
    sex: str
    mef_code: str
    entered_on: datetime.date | None
    left_on: datetime.date | None
    exit_reason: str
    division_code: str = ""
    # Groups (structures of type G) the pupil belongs to, e.g. « 4 LV2 ESP ».
    group_codes: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return MEF_LEVELS.get(self.mef_code, "")

    @property
    def display_last_name(self) -> str:
        return self.usage_name or self.last_name


@dataclass
class PersonRecord:
    siecle_id: str
    civility: str
    last_name: str
    usage_name: str
    first_name: str
    phone_home: str
    phone_mobile: str
    phone_work: str
    email: str
    accepts_sms: bool | None
    address_id: str

    @property
    def display_last_name(self) -> str:
        return self.usage_name or self.last_name


@dataclass
class AddressRecord:
    address_id: str
    lines: list[str]
    postal_code: str
    city: str
    country: str


@dataclass
class LinkRecord:
    pupil_id: str
    person_id: str
    level: int
    parente: str
    # Pre-2018 files number the legal representatives (RESP_LEGAL 1 or 2).
    legal_rank: int | None
    pays_fees: bool
    receives_aid: bool
    hosts_pupil: bool
    priority_contact: bool


@dataclass
class StaffRecord:
    sts_id: str
    sts_type: str
    civility: str
    last_name: str
    first_name: str
    birth_date: datetime.date | None
    function: str
    main_division_codes: list[str] = field(default_factory=list)


@dataclass
class SubjectRecord:
    """``NOMENCLATURES/MATIERES/MATIERE`` of STS."""

    code: str
    management_code: str
    short_label: str
    long_label: str
    edition_label: str = ""


@dataclass
class GroupRecord:
    """``STRUCTURE/GROUPES/GROUPE`` of STS: a group and the classes it draws its pupils from."""

    code: str
    label: str
    division_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceRecord:
    """One ``SERVICE`` of a division (``kind`` "D") or a group ("G"), for one teacher."""

    kind: str
    structure_code: str
    subject_code: str
    teacher_id: str


@dataclass
class PupilsExport:
    header: ExportHeader
    pupils: list[PupilRecord]
    anomalies: list[Anomaly]

    @property
    def size(self) -> int:
        return len(self.pupils)


@dataclass
class GuardiansExport:
    header: ExportHeader
    persons: list[PersonRecord]
    links: list[LinkRecord]
    addresses: dict[str, AddressRecord]
    anomalies: list[Anomaly]

    @property
    def size(self) -> int:
        return len(self.persons) + len(self.links)


@dataclass
class StsExport:
    header: ExportHeader
    establishment_name: str
    academie_code: str
    staff: list[StaffRecord]
    # division code -> STS ids of the people teaching in it (directly or through a group)
    teaching: dict[str, set[str]]
    anomalies: list[Anomaly]
    subjects: list[SubjectRecord] = field(default_factory=list)
    groups: list[GroupRecord] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.staff)


Export = PupilsExport | GuardiansExport | StsExport
