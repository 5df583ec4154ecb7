"""Parse SIECLE (BEE_ELEVES, BEE_RESPONSABLES) and STS-web (STS_EDT) exports into dataclasses.

Uploads are untrusted: XML goes through defusedxml only (no DTD, no entities), zips are read
entry by entry with size limits. Element order is never relied on, optional values may be
missing or empty. No database access here.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal
from xml.etree.ElementTree import Element  # noqa: S405 - type only; parsing goes through defusedxml

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

PUPILS = "eleves"
GUARDIANS = "responsables"
STAFF = "sts"
ExportKind = Literal["eleves", "responsables", "sts"]

ROOTS: dict[str, ExportKind] = {"BEE_ELEVES": PUPILS, "BEE_RESPONSABLES": GUARDIANS, "STS_EDT": STAFF}
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

MAX_XML_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 20
MAX_COMPRESSION_RATIO = 200

_SPACES = re.compile(r"\s+")


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
    # division code -> STS ids of the people teaching in it
    teaching: dict[str, set[str]]
    anomalies: list[Anomaly]

    @property
    def size(self) -> int:
        return len(self.staff)


Export = PupilsExport | GuardiansExport | StsExport


# --- reading the upload --------------------------------------------------------------------


def _is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_upload(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The XML documents of an upload: the bare XML, or every ``.xml`` inside a zip (one level
    of nested zips too, since SIECLE delivers each export zipped)."""
    if not data:
        raise RosterFileError(f"Le fichier « {name} » est vide.")
    if _is_zip(data):
        documents = list(_read_zip(name, data, depth=0))
        if not documents:
            raise RosterFileError(f"L'archive « {name} » ne contient aucun fichier XML.")
        return documents
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        raise RosterFileError(
            f"Le fichier « {name} » n'est ni un fichier XML ni une archive zip. "
            "Déposez l'export SIECLE tel qu'il a été téléchargé (fichier .zip ou .xml)."
        )
    return [(name, data)]


def _read_zip(name: str, data: bytes, depth: int) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RosterFileError(f"L'archive « {name} » est endommagée et ne peut pas être ouverte.") from exc
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise RosterFileError(f"L'archive « {name} » contient trop de fichiers ({len(entries)}).")
        for info in entries:
            lower = info.filename.lower()
            if not (lower.endswith(".xml") or (lower.endswith(".zip") and depth == 0)):
                continue
            if info.file_size > MAX_XML_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                raise RosterFileError(f"Le fichier « {info.filename} » de l'archive est trop volumineux.")
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                raise RosterFileError(
                    f"Le fichier « {info.filename} » de l'archive « {name} » ne peut pas être lu "
                    "(archive endommagée ou protégée par un mot de passe)."
                ) from exc
            if lower.endswith(".zip"):
                yield from _read_zip(info.filename, content, depth + 1)
            else:
                yield info.filename.rsplit("/", 1)[-1], content


def _parse_xml(name: str, data: bytes) -> Element:
    try:
        # Expat honours the encoding declared in the header (ISO-8859-15, UTF-8) and a BOM.
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RosterFileError(
            f"Le fichier « {name} » contient des déclarations XML interdites (DTD ou entités) : "
            "il n'a pas été importé."
        ) from exc
    except SafeET.ParseError as exc:
        raise RosterFileError(
            f"Le fichier « {name} » n'est pas un fichier XML valide ({_parse_error_position(exc)})."
        ) from exc
    except LookupError as exc:  # unknown encoding declared
        raise RosterFileError(f"Le fichier « {name} » déclare un encodage inconnu.") from exc


def _parse_error_position(exc: SafeET.ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    return f"erreur ligne {line}, colonne {column}"


def _kind_of(name: str, root: Element) -> ExportKind:
    kind = ROOTS.get(root.tag)
    if kind is None:
        raise RosterFileError(
            f"Le fichier « {name} » n'est pas un export SIECLE reconnu : son élément racine est "
            f"« {root.tag} », alors qu'on attend BEE_ELEVES (élèves), BEE_RESPONSABLES "
            "(responsables) ou STS_EDT (personnels)."
        )
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
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if root is None:
                root = element
                kind = _kind_of(name, root)
            elif event == "end" and element.tag == "PARAMETRES":
                break
    except DefusedXmlException as exc:
        raise RosterFileError(
            f"Le fichier « {name} » contient des déclarations XML interdites (DTD ou entités) : "
            "il n'a pas été importé."
        ) from exc
    except SafeET.ParseError as exc:
        raise RosterFileError(
            f"Le fichier « {name} » n'est pas un fichier XML valide ({_parse_error_position(exc)})."
        ) from exc
    except LookupError as exc:
        raise RosterFileError(f"Le fichier « {name} » déclare un encodage inconnu.") from exc
    if root is None or kind is None:
        raise RosterFileError(f"Le fichier « {name} » n'est pas un fichier XML valide (fichier vide).")
    return _sts_header(name, root) if kind == STAFF else _siecle_header(name, kind, root)


def parse_document(name: str, data: bytes) -> Export:
    root = _parse_xml(name, data)
    kind = _kind_of(name, root)
    if kind == PUPILS:
        return _parse_pupils(name, root)
    if kind == GUARDIANS:
        return _parse_guardians(name, root)
    return _parse_sts(name, root)


# --- small readers -------------------------------------------------------------------------


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


def _date_or_anomaly(value: str, anomalies: list[Anomaly], what: str, ref: str) -> datetime.date | None:
    try:
        return parse_date(value)
    except ValueError:
        anomalies.append(Anomaly("invalid_value", f"{what} illisible « {value} » ({ref}) : ignorée.", ref))
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


# --- BEE_ELEVES ------------------------------------------------------------------------------


def _parse_pupils(name: str, root: Element) -> PupilsExport:
    header = _siecle_header(name, PUPILS, root)
    anomalies: list[Anomaly] = []
    pupils: dict[str, PupilRecord] = {}
    for element in root.iter("ELEVE"):
        siecle_id = _clean(element.get("ELEVE_ID"))
        if not siecle_id:
            anomalies.append(Anomaly("invalid_record", "Un élève sans ELEVE_ID a été ignoré."))
            continue
        ref = f"ELEVE_ID {siecle_id}"
        sex_code = _text(element, "CODE_SEXE")
        record = PupilRecord(
            siecle_id=siecle_id,
            elenoet=_clean(element.get("ELENOET")) or _text(element, "ELENOET"),
            ine=_text(element, "ID_NATIONAL").upper(),
            last_name=_text(element, "NOM_DE_FAMILLE") or _text(element, "NOM"),
            usage_name=_text(element, "NOM_USAGE"),
            first_name=_text(element, "PRENOM"),
            second_first_name=_text(element, "PRENOM2"),
            birth_date=_date_or_anomaly(_text(element, "DATE_NAISS"), anomalies, "Date de naissance", ref),
            sex={"1": "M", "2": "F"}.get(sex_code, ""),
            mef_code=_text(element, "CODE_MEF"),
            entered_on=_date_or_anomaly(_text(element, "DATE_ENTREE"), anomalies, "Date d'entrée", ref),
            left_on=_date_or_anomaly(_text(element, "DATE_SORTIE"), anomalies, "Date de sortie", ref),
            exit_reason=_text(element, "CODE_MOTIF_SORTIE"),
        )
        if siecle_id in pupils:
            anomalies.append(
                Anomaly("duplicate_record", f"Élève {ref} présent deux fois dans le fichier : "
                        "seule la première fiche est prise en compte.", ref)
            )
            continue
        pupils[siecle_id] = record

    for block in root.iter("STRUCTURES_ELEVE"):
        siecle_id = _clean(block.get("ELEVE_ID")) or _text(block, "ELEVE_ID")
        pupil = pupils.get(siecle_id)
        if pupil is None:
            continue
        for structure in block.iter("STRUCTURE"):
            if _text(structure, "TYPE_STRUCTURE").upper() != "D":
                continue
            code = _text(structure, "CODE_STRUCTURE")
            if not code:
                continue
            name_ref = f"{pupil.display_last_name} {pupil.first_name} (ELEVE_ID {siecle_id})"
            if not pupil.division_code:
                pupil.division_code = code
            elif pupil.division_code == code:
                anomalies.append(
                    Anomaly("duplicate_structure", f"Classe « {code} » répétée pour {name_ref} : "
                            "doublon fusionné.", siecle_id)
                )
            else:
                anomalies.append(
                    Anomaly("duplicate_structure", f"Deux classes pour {name_ref} : « {pupil.division_code} » "
                            f"retenue, « {code} » ignorée.", siecle_id)
                )
    return PupilsExport(header=header, pupils=list(pupils.values()), anomalies=anomalies)


# --- BEE_RESPONSABLES ------------------------------------------------------------------------


def _parse_guardians(name: str, root: Element) -> GuardiansExport:
    header = _siecle_header(name, GUARDIANS, root)
    anomalies: list[Anomaly] = []
    persons: dict[str, PersonRecord] = {}
    for element in root.iter("PERSONNE"):
        siecle_id = _clean(element.get("PERSONNE_ID")) or _text(element, "PERSONNE_ID")
        if not siecle_id:
            anomalies.append(Anomaly("invalid_record", "Une personne sans PERSONNE_ID a été ignorée."))
            continue
        if siecle_id in persons:
            anomalies.append(
                Anomaly("duplicate_record", f"Personne PERSONNE_ID {siecle_id} présente deux fois : "
                        "seule la première fiche est prise en compte.", siecle_id)
            )
            continue
        persons[siecle_id] = PersonRecord(
            siecle_id=siecle_id,
            civility=_text(element, "LC_CIVILITE"),
            last_name=_text(element, "NOM_DE_FAMILLE") or _text(element, "NOM"),
            usage_name=_text(element, "NOM_USAGE"),
            first_name=_text(element, "PRENOM"),
            phone_home=_text(element, "TEL_PERSONNEL"),
            phone_mobile=_text(element, "TEL_PORTABLE"),
            phone_work=_text(element, "TEL_PROFESSIONNEL"),
            email=_text(element, "MEL"),
            accepts_sms=_optional_flag(_text(element, "ACCEPTE_SMS")),
            address_id=_text(element, "ADRESSE_ID") or _clean(element.get("ADRESSE_ID")),
        )

    links: list[LinkRecord] = []
    for element in root.iter("RESPONSABLE_ELEVE"):
        pupil_id = _text(element, "ELEVE_ID")
        person_id = _text(element, "PERSONNE_ID")
        if not pupil_id or not person_id:
            anomalies.append(Anomaly("invalid_record", "Un lien élève – responsable incomplet a été ignoré."))
            continue
        level_text = _text(element, "NIVEAU_RESPONSABILITE")
        legal_rank: int | None = None
        if level_text in {"1", "2", "3"}:
            level = int(level_text)
        else:
            # Before 2018: RESP_LEGAL 1 or 2 is a legal representative (and its rank), 0 a contact.
            resp_legal = _text(element, "RESP_LEGAL")
            if resp_legal in {"1", "2"}:
                level, legal_rank = 1, int(resp_legal)
            elif resp_legal == "0" or _flag(_text(element, "PERS_CONTACT")):
                level = 3
            else:
                anomalies.append(
                    Anomaly("invalid_record", f"Lien sans niveau de responsabilité entre la personne "
                            f"{person_id} et l'élève {pupil_id} : ignoré.", person_id)
                )
                continue
        links.append(
            LinkRecord(
                pupil_id=pupil_id,
                person_id=person_id,
                level=level,
                parente=_text(element, "CODE_PARENTE"),
                legal_rank=legal_rank,
                pays_fees=_flag(_text(element, "PAIE_FRAIS_SCOLAIRES") or _text(element, "RESP_FINANCIER")),
                receives_aid=_flag(_text(element, "PERCOIT_LES_AIDES") or _text(element, "PERS_PAIEMENT")),
                hosts_pupil=_flag(_text(element, "HEBERGE_ELEVE")),
                priority_contact=_flag(_text(element, "A_CONTACTER_EN_PRIORITE")),
            )
        )

    addresses: dict[str, AddressRecord] = {}
    for element in root.iter("ADRESSE"):
        address_id = _clean(element.get("ADRESSE_ID")) or _text(element, "ADRESSE_ID")
        if not address_id:
            continue
        lines = [_text(element, f"LIGNE{n}_ADRESSE") for n in range(1, 5)]
        addresses[address_id] = AddressRecord(
            address_id=address_id,
            lines=[line for line in lines if line],
            postal_code=_text(element, "CODE_POSTAL"),
            city=_text(element, "LIBELLE_POSTAL") or _text(element, "LL_COMMUNE_INSEE"),
            country=_text(element, "LL_PAYS"),
        )
    return GuardiansExport(
        header=header, persons=list(persons.values()), links=links, addresses=addresses, anomalies=anomalies
    )


# --- STS_EDT ---------------------------------------------------------------------------------


def _sts_header(name: str, root: Element) -> ExportHeader:
    params = root.find("PARAMETRES")
    uaj = params.find("UAJ") if params is not None else None
    year = params.find("ANNEE_SCOLAIRE") if params is not None else None
    return ExportHeader(
        kind=STAFF,
        source_name=name,
        uaj=_clean(uaj.get("CODE") if uaj is not None else "").upper() or _clean(uaj.text if uaj is not None else ""),
        school_year=_year(_clean(year.get("ANNEE")) if year is not None else ""),
        export_date=_text(params, "HORODATAGE"),
    )


def _parse_sts(name: str, root: Element) -> StsExport:
    anomalies: list[Anomaly] = []
    header = _sts_header(name, root)
    params = root.find("PARAMETRES")
    uaj = params.find("UAJ") if params is not None else None
    denomination = " ".join(part for part in (_text(uaj, "DENOM_PRINC"), _text(uaj, "DENOM_COMPL")) if part)
    academie = uaj.find("ACADEMIE") if uaj is not None else None

    staff: dict[str, StaffRecord] = {}
    for element in root.iter("INDIVIDU"):
        sts_id = _clean(element.get("ID"))
        if not sts_id:
            anomalies.append(Anomaly("invalid_record", "Un personnel sans identifiant a été ignoré."))
            continue
        if sts_id in staff:
            continue
        ref = f"personnel {sts_id}"
        staff[sts_id] = StaffRecord(
            sts_id=sts_id,
            sts_type=_clean(element.get("TYPE")),
            civility=_text(element, "CIVILITE"),
            last_name=_text(element, "NOM_USAGE") or _text(element, "NOM_PATRONYMIQUE"),
            first_name=_text(element, "PRENOM"),
            birth_date=_date_or_anomaly(_text(element, "DATE_NAISSANCE"), anomalies, "Date de naissance", ref),
            function=_text(element, "FONCTION").upper(),
            main_division_codes=sorted(
                {_text(p, "CODE_STRUCTURE") for p in element.iter("PROF_PRINC")} - {""}
            ),
        )

    teaching: dict[str, set[str]] = {}
    for division in root.iter("DIVISION"):
        code = _clean(division.get("CODE"))
        if not code:
            continue
        teachers = teaching.setdefault(code, set())
        for teacher in division.iter("ENSEIGNANT"):
            teacher_id = _clean(teacher.get("ID"))
            if teacher_id:
                teachers.add(teacher_id)
    return StsExport(
        header=header,
        establishment_name=denomination,
        academie_code=_text(academie, "CODE"),
        staff=list(staff.values()),
        teaching=teaching,
        anomalies=anomalies,
    )
