"""The three document parsers: BEE_ELEVES (pupils and their classes), BEE_RESPONSABLES (persons,
their links to pupils, addresses) and STS_EDT (staff, the subjects, the groups, the teaching services of each class and group).

Each reads an already parsed XML root (see ``parse_document``); element order is never relied on
and optional values may be missing or empty. Problems in a record become anomalies, not errors.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element  # noqa: S405 - type only; parsing goes through defusedxml

from .readers import _clean, _date_or_anomaly, _flag, _optional_flag, _siecle_header, _text, _year
from .records import (
    GUARDIANS,
    PUPILS,
    STAFF,
    AddressRecord,
    Anomaly,
    ExportHeader,
    GroupRecord,
    GuardiansExport,
    LinkRecord,
    PersonRecord,
    PupilRecord,
    PupilsExport,
    ServiceRecord,
    StaffRecord,
    StsExport,
    SubjectRecord,
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
            birth_date=_date_or_anomaly(
                _text(element, "DATE_NAISS"), anomalies, "Date de naissance", ref
            ),
            sex={"1": "M", "2": "F"}.get(sex_code, ""),
            mef_code=_text(element, "CODE_MEF"),
            entered_on=_date_or_anomaly(
                _text(element, "DATE_ENTREE"), anomalies, "Date d'entrée", ref
            ),
            left_on=_date_or_anomaly(
                _text(element, "DATE_SORTIE"), anomalies, "Date de sortie", ref
            ),
            exit_reason=_text(element, "CODE_MOTIF_SORTIE"),
        )
        if siecle_id in pupils:
            anomalies.append(
                Anomaly(
                    "duplicate_record",
                    f"Élève {ref} présent deux fois dans le fichier : "
                    "seule la première fiche est prise en compte.",
                    ref,
                )
            )
            continue
        pupils[siecle_id] = record

    for block in root.iter("STRUCTURES_ELEVE"):
        siecle_id = _clean(block.get("ELEVE_ID")) or _text(block, "ELEVE_ID")
        pupil = pupils.get(siecle_id)
        if pupil is None:
            continue
        for structure in block.iter("STRUCTURE"):
            kind = _text(structure, "TYPE_STRUCTURE").upper()
            code = _text(structure, "CODE_STRUCTURE")
            if not code or kind not in {"D", "G"}:
                continue
            if kind == "G":
                if code not in pupil.group_codes:
                    pupil.group_codes.append(code)
                continue
            name_ref = f"{pupil.display_last_name} {pupil.first_name} (ELEVE_ID {siecle_id})"
            if not pupil.division_code:
                pupil.division_code = code
            elif pupil.division_code == code:
                anomalies.append(
                    Anomaly(
                        "duplicate_structure",
                        f"Classe « {code} » répétée pour {name_ref} : doublon fusionné.",
                        siecle_id,
                    )
                )
            else:
                anomalies.append(
                    Anomaly(
                        "duplicate_structure",
                        f"Deux classes pour {name_ref} : « {pupil.division_code} » "
                        f"retenue, « {code} » ignorée.",
                        siecle_id,
                    )
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
            anomalies.append(
                Anomaly("invalid_record", "Une personne sans PERSONNE_ID a été ignorée.")
            )
            continue
        if siecle_id in persons:
            anomalies.append(
                Anomaly(
                    "duplicate_record",
                    f"Personne PERSONNE_ID {siecle_id} présente deux fois : "
                    "seule la première fiche est prise en compte.",
                    siecle_id,
                )
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
            anomalies.append(
                Anomaly("invalid_record", "Un lien élève – responsable incomplet a été ignoré.")
            )
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
                    Anomaly(
                        "invalid_record",
                        f"Lien sans niveau de responsabilité entre la personne "
                        f"{person_id} et l'élève {pupil_id} : ignoré.",
                        person_id,
                    )
                )
                continue
        links.append(
            LinkRecord(
                pupil_id=pupil_id,
                person_id=person_id,
                level=level,
                parente=_text(element, "CODE_PARENTE"),
                legal_rank=legal_rank,
                pays_fees=_flag(
                    _text(element, "PAIE_FRAIS_SCOLAIRES") or _text(element, "RESP_FINANCIER")
                ),
                receives_aid=_flag(
                    _text(element, "PERCOIT_LES_AIDES") or _text(element, "PERS_PAIEMENT")
                ),
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
        header=header,
        persons=list(persons.values()),
        links=links,
        addresses=addresses,
        anomalies=anomalies,
    )


# --- STS_EDT ---------------------------------------------------------------------------------


def _sts_header(name: str, root: Element) -> ExportHeader:
    params = root.find("PARAMETRES")
    uaj = params.find("UAJ") if params is not None else None
    year = params.find("ANNEE_SCOLAIRE") if params is not None else None
    return ExportHeader(
        kind=STAFF,
        source_name=name,
        uaj=_clean(uaj.get("CODE") if uaj is not None else "").upper()
        or _clean(uaj.text if uaj is not None else ""),
        school_year=_year(_clean(year.get("ANNEE")) if year is not None else ""),
        export_date=_text(params, "HORODATAGE"),
    )


def _parse_sts(name: str, root: Element) -> StsExport:
    anomalies: list[Anomaly] = []
    header = _sts_header(name, root)
    params = root.find("PARAMETRES")
    uaj = params.find("UAJ") if params is not None else None
    denomination = " ".join(
        part for part in (_text(uaj, "DENOM_PRINC"), _text(uaj, "DENOM_COMPL")) if part
    )
    academie = uaj.find("ACADEMIE") if uaj is not None else None

    staff: dict[str, StaffRecord] = {}
    for element in root.iter("INDIVIDU"):
        sts_id = _clean(element.get("ID"))
        if not sts_id:
            anomalies.append(
                Anomaly("invalid_record", "Un personnel sans identifiant a été ignoré.")
            )
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
            birth_date=_date_or_anomaly(
                _text(element, "DATE_NAISSANCE"), anomalies, "Date de naissance", ref
            ),
            function=_text(element, "FONCTION").upper(),
            main_division_codes=sorted(
                {_text(p, "CODE_STRUCTURE") for p in element.iter("PROF_PRINC")} - {""}
            ),
        )

    subjects = _sts_subjects(root)
    services: list[ServiceRecord] = []
    teaching: dict[str, set[str]] = {}
    for division in root.iter("DIVISION"):
        code = _clean(division.get("CODE"))
        if not code:
            continue
        teachers = teaching.setdefault(code, set())
        for service in _sts_services("D", code, division):
            services.append(service)
            teachers.add(service.teacher_id)
    groups: dict[str, GroupRecord] = {}
    for element in root.iter("GROUPE"):
        code = _clean(element.get("CODE"))
        if not code or code in groups:
            continue
        division_codes = sorted(
            {_clean(d.get("CODE")) for d in element.iter("DIVISION_APPARTENANCE")} - {""}
        )
        groups[code] = GroupRecord(
            code=code, label=_text(element, "LIBELLE_LONG"), division_codes=division_codes
        )
        for service in _sts_services("G", code, element):
            services.append(service)
            for division_code in division_codes:
                teaching.setdefault(division_code, set()).add(service.teacher_id)
    return StsExport(
        header=header,
        establishment_name=denomination,
        academie_code=_text(academie, "CODE"),
        staff=list(staff.values()),
        teaching=teaching,
        anomalies=anomalies,
        subjects=subjects,
        groups=list(groups.values()),
        services=list(dict.fromkeys(services)),
    )


def _sts_subjects(root: Element) -> list[SubjectRecord]:
    subjects: dict[str, SubjectRecord] = {}
    for element in root.iter("MATIERE"):
        code = _clean(element.get("CODE"))
        if code and code not in subjects:
            subjects[code] = SubjectRecord(
                code=code,
                management_code=_text(element, "CODE_GESTION"),
                short_label=_text(element, "LIBELLE_COURT"),
                long_label=_text(element, "LIBELLE_LONG"),
                edition_label=_text(element, "LIBELLE_EDITION"),
            )
    return list(subjects.values())


def _sts_services(kind: str, structure_code: str, element: Element) -> list[ServiceRecord]:
    """The services of one division or group: a record per (subject, teacher)."""
    found = []
    services = element.find("SERVICES")
    for service in services.iter("SERVICE") if services is not None else ():
        subject_code = _clean(service.get("CODE_MATIERE"))
        if not subject_code:
            continue
        for teacher in service.iter("ENSEIGNANT"):
            teacher_id = _clean(teacher.get("ID"))
            if teacher_id:
                found.append(ServiceRecord(kind, structure_code, subject_code, teacher_id))
    return found
