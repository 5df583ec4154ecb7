"""The export of locked bilans (périodiques and de fin de cycle) to the Livret Scolaire Unique
(LSU), for a class or the whole establishment: the XML file the
national application imports from schools' software (namespace
``urn:fr:edu:scolarite:lsun:bilans:import``, root ``lsun-bilans``, ``schemaVersion`` 10.0 of the
ministry's ``import-bilan-complet.xsd``; docs/livret.md says which copy it was validated
against). Pupils are referred to by their SIECLE ``ELEVE_ID`` (``id-be``), teachers by their STS
id; every other reference is an ``xs:ID`` of the file itself.

Built with lxml (escaping, namespaces), never by concatenating strings."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from accounts.models import Establishment, Pupil, StaffMember
from evaluations.models import Period
from evaluations.socle import COMPONENTS

from . import messages as texts
from .models import Bilan, BilanSubject, CycleBilan

NAMESPACE = "urn:fr:edu:scolarite:lsun:bilans:import"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_VERSION = "10.0"
EDITOR = "Cartable"
APPLICATION = "Cartable"


class ExportRefused(Exception):
    """The bilans cannot make a file the LSU accepts; ``str()`` is the French reason."""


def _el(parent: etree._Element, name: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", attrs)


def _average(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _text(value: str, limit: int) -> str:
    return value.strip()[:limit]


@dataclass
class _Refs:
    """The file's own ids, one per object, made once."""

    disciplines: dict[str, str]
    teachers: dict[str, str]
    elements: dict[str, str]


def _teacher_lines(bilans: Sequence[Bilan]) -> list[BilanSubject]:
    return [line for bilan in bilans for line in bilan.lines.all()]


def _check(lines: Sequence[BilanSubject]) -> None:
    for line in lines:
        if not line.teacher_sts_id.isdigit() or int(line.teacher_sts_id) == 0:
            raise ExportRefused(texts.EXPORT_STS_MISSING.format(name=line.teacher_name))
        if len(line.subject_code) != 6:
            raise ExportRefused(texts.EXPORT_SUBJECT_CODE.format(label=line.subject_label))


def _division_code(pupil: Pupil, frozen: str) -> str:
    code = frozen or (pupil.division.code if pupil.division else "")
    if not code.strip():
        raise ExportRefused(
            texts.EXPORT_NO_DIVISION.format(name=f"{pupil.first_name} {pupil.display_last_name}")
        )
    return code[:20]


def _responsible(parent: etree._Element, ids: dict[str, str], name: str) -> str:
    name = name or "Le chef d'établissement"
    if name not in ids:
        ids[name] = f"RESP_{len(ids) + 1}"
        _el(parent, "responsable-etab", id=ids[name], libelle=name[:100])
    return ids[name]


def export_bilans(
    *,
    establishment: Establishment,
    period: Period | None,
    bilans: Sequence[Bilan],
    cycle_bilans: Sequence[CycleBilan] = (),
    staff: Sequence[StaffMember] = (),
    nothing: str = texts.EXPORT_NOTHING,
) -> bytes:
    """The LSU file of locked bilans: the bilans périodiques of ``period`` (``bilans``: locked,
    with their lines prefetched) of a class or of the whole establishment, and the locked
    bilans de fin de cycle (``cycle_bilans``); ``staff``: the teachers, for their civility.
    ``ExportRefused`` (with ``nothing`` when there is no bilan at all) when the data cannot
    make a file the LSU accepts."""
    if not bilans and not cycle_bilans:
        raise ExportRefused(nothing)
    lines = _teacher_lines(bilans)
    _check(lines)
    people = {s.sts_id: s for s in staff}
    root = etree.Element(
        f"{{{NAMESPACE}}}lsun-bilans",
        nsmap={None: NAMESPACE, "xsi": XSI},
        attrib={
            f"{{{XSI}}}schemaLocation": f"{NAMESPACE} import-bilan-complet.xsd",
            "schemaVersion": SCHEMA_VERSION,
        },
    )
    entete = _el(root, "entete")
    _el(entete, "editeur").text = EDITOR
    _el(entete, "application").text = APPLICATION
    _el(entete, "etablissement").text = establishment.uai
    donnees = _el(root, "donnees")

    responsables = _el(donnees, "responsables-etab")
    responsible_ids: dict[str, str] = {}
    every: list[Bilan | CycleBilan] = [*bilans, *cycle_bilans]
    for bilan in every:
        _responsible(responsables, responsible_ids, bilan.locked_by_name)

    eleves = _el(donnees, "eleves")
    written: set[int] = set()
    for bilan in every:
        pupil = bilan.pupil
        if pupil.pk in written:
            continue
        written.add(pupil.pk)
        _el(
            eleves,
            "eleve",
            id=f"EL_{pupil.pk}",
            **{
                "id-be": pupil.siecle_id,
                "nom": pupil.display_last_name[:100] or "-",
                "prenom": pupil.first_name[:100] or "-",
                "code-division": _division_code(pupil, bilan.division_code),
            },
        )

    period_id = ""
    if bilans:
        assert period is not None
        periodes = _el(donnees, "periodes")
        period_id = f"PER_{period.pk}"
        first = bilans[0]
        _el(
            periodes,
            "periode",
            id=period_id,
            millesime=str(first.school_year),
            indice=str(first.period_number),
            **{"nb-periodes": str(first.period_count)},
        )

    refs = _Refs(disciplines={}, teachers={}, elements={})
    if lines:
        _disciplines(donnees, lines, refs)
    # A professeur principal without a numeric STS id is left out (the reference is optional).
    principals = [
        p for found in cycle_bilans for p in found.principals if _numeric_sts(p.get("sts_id", ""))
    ]
    if lines or principals:
        _teachers(donnees, lines, principals, refs, people)
    if lines:
        _elements(donnees, lines, refs)

    if bilans:
        periodiques = _el(donnees, "bilans-periodiques")
        for bilan in bilans:
            _bilan(periodiques, bilan, period_id, responsible_ids, refs)
    if cycle_bilans:
        cycles = _el(donnees, "bilans-cycle")
        for found in cycle_bilans:
            _cycle_bilan(cycles, found, responsible_ids, refs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _disciplines(donnees: etree._Element, lines: Sequence[BilanSubject], refs: _Refs) -> None:
    disciplines = _el(donnees, "disciplines")
    for line in lines:
        if line.subject_code not in refs.disciplines:
            refs.disciplines[line.subject_code] = f"DI_{line.subject_code}"
            _el(
                disciplines,
                "discipline",
                id=refs.disciplines[line.subject_code],
                code=line.subject_code,
                libelle=_text(line.subject_label, 40) or line.subject_code,
                **{"modalite-election": "S"},
            )


def _person(sts_id: str, last_name: str, first_name: str, civility: str) -> dict[str, str]:
    """An ``enseignant``'s attributes (STS id, names, civility when M or MME)."""
    attrs = {
        "id": f"ENS_{sts_id}",
        "type": "epp",
        "id-sts": str(int(sts_id)),
        "nom": _text(last_name, 100) or "-",
    }
    if first_name.strip():
        attrs["prenom"] = _text(first_name, 100)
    title = civility.upper().rstrip(".")
    if title in {"M", "MME"}:
        attrs["civilite"] = title
    return attrs


def _numeric_sts(sts_id: str) -> bool:
    return sts_id.isdigit() and int(sts_id) != 0


def _teachers(
    donnees: etree._Element,
    lines: Sequence[BilanSubject],
    principals: Sequence[dict[str, str]],
    refs: _Refs,
    people: dict[str, StaffMember],
) -> None:
    """The teachers of the subjects, then the professeurs principaux of the bilans de fin de
    cycle (each once, by STS id)."""
    enseignants = _el(donnees, "enseignants")
    for line in lines:
        if line.teacher_sts_id in refs.teachers:
            continue
        person = people.get(line.teacher_sts_id)
        attrs = (
            _person(person.sts_id, person.last_name, person.first_name, person.civility)
            if person is not None
            else _person(line.teacher_sts_id, line.teacher_name, "", "")
        )
        refs.teachers[line.teacher_sts_id] = attrs["id"]
        _el(enseignants, "enseignant", **attrs)
    for principal in principals:
        sts_id = principal.get("sts_id", "")
        if sts_id in refs.teachers:
            continue
        attrs = _person(
            sts_id,
            principal.get("last_name", ""),
            principal.get("first_name", ""),
            principal.get("civility", ""),
        )
        refs.teachers[sts_id] = attrs["id"]
        _el(enseignants, "enseignant", **attrs)


def _elements(donnees: etree._Element, lines: Sequence[BilanSubject], refs: _Refs) -> None:
    element_lines = sorted({e[:300] for line in lines for e in line.programme_lines})
    if element_lines:
        elements = _el(donnees, "elements-programme")
        for number, label in enumerate(element_lines, start=1):
            refs.elements[label] = f"EP_{number}"
            _el(elements, "element-programme", id=f"EP_{number}", libelle=label)


def _cycle_bilan(
    parent: etree._Element, found: CycleBilan, responsible_ids: dict[str, str], refs: _Refs
) -> None:
    """A ``bilan-cycle``: the 8 components in the socle's order, the synthesis, then the
    enseignement de complément (cycle 4)."""
    attrs = {
        "eleve-ref": f"EL_{found.pupil_id}",
        "cycle": str(found.cycle),
        "millesime": str(found.school_year),
        "date-creation": timezone.localdate(found.locked_at).isoformat(),
        "responsable-etab-ref": responsible_ids[found.locked_by_name or "Le chef d'établissement"],
    }
    principals = [
        refs.teachers[p["sts_id"]] for p in found.principals if p.get("sts_id") in refs.teachers
    ]
    if principals:
        attrs["prof-princ-refs"] = " ".join(dict.fromkeys(principals))
    node = _el(parent, "bilan-cycle", **attrs)
    socle = _el(node, "socle")
    for code in COMPONENTS:
        _el(socle, "domaine", code=code, positionnement=str(found.components[code]))
    _el(node, "synthese").text = _text(found.synthesis, 1500)
    if found.cycle == 4 and found.complement:
        complement = {"code": found.complement}
        if found.complement_level:
            complement["positionnement"] = str(found.complement_level)
        _el(node, "enseignement-complement", **complement)


def _bilan(
    parent: etree._Element,
    bilan: Bilan,
    period_id: str,
    responsible_ids: dict[str, str],
    refs: _Refs,
) -> None:
    pupil = bilan.pupil
    schooled = pupil.entered_on or datetime.date(bilan.school_year, 9, 1)
    node = _el(
        parent,
        "bilan-periodique",
        **{
            "eleve-ref": f"EL_{pupil.pk}",
            "periode-ref": period_id,
            "date-conseil-classe": (bilan.council_on or bilan.ends_on).isoformat(),
            "date-scolarite": schooled.isoformat(),
            "responsable-etab-ref": responsible_ids[
                bilan.locked_by_name or "Le chef d'établissement"
            ],
        },
    )
    acquis_list = _el(node, "liste-acquis")
    # One acquis per subject (two services of one subject: their teachers together).
    by_subject: dict[str, list[BilanSubject]] = {}
    for line in bilan.lines.all():
        by_subject.setdefault(line.subject_code, []).append(line)
    for code, subject_lines in by_subject.items():
        main = subject_lines[0]
        attrs = {
            "discipline-ref": refs.disciplines[code],
            "enseignant-refs": " ".join(
                dict.fromkeys(refs.teachers[line.teacher_sts_id] for line in subject_lines)
            ),
        }
        elements = [refs.elements[e[:300]] for line in subject_lines for e in line.programme_lines]
        if elements:
            attrs["element-programme-refs"] = " ".join(dict.fromkeys(elements))
        positionnement = next(
            (ln.positionnement for ln in subject_lines if ln.positionnement), None
        )
        if positionnement is not None:
            attrs["positionnement"] = str(positionnement)
        elif main.average is not None:
            attrs["moyenne-eleve"] = _average(main.average) or ""
        else:
            attrs["statut-evaluation-eleve"] = "1"
        if main.class_average is not None:
            attrs["moyenne-structure"] = _average(main.class_average) or ""
        else:
            attrs["statut-evaluation-structure"] = "1"
        acquis = _el(acquis_list, "acquis", **attrs)
        appreciation = " ".join(ln.appreciation for ln in subject_lines if ln.appreciation)
        if appreciation.strip():
            _el(acquis, "appreciation").text = _text(appreciation, 1000)
    parcours = {code: text for code, text in bilan.parcours.items() if str(text).strip()}
    if parcours:
        liste = _el(node, "liste-parcours")
        for code, text in parcours.items():
            _el(liste, "parcours", code=code).text = _text(str(text), 600)
    if bilan.accompaniments:
        modalites = _el(node, "modalites-accompagnement")
        for code in bilan.accompaniments:
            _el(modalites, "modalite-accompagnement", code=code)
    _el(node, "acquis-conseils").text = _text(bilan.general_appreciation, 1000)
    _el(
        node,
        "vie-scolaire",
        **{
            "nb-retards": str(bilan.retards or 0),
            "nb-abs-justifiees": str(bilan.half_days_justified or 0),
            "nb-abs-injustifiees": str(bilan.half_days_unjustified or 0),
            "nb-heures-manquees": str(bilan.hours_missed or 0),
        },
    )
