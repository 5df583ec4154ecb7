"""The demo generator's writers: the drawn roster as BEE_ELEVES, BEE_RESPONSABLES and STS_EDT
documents (the staff and their services are drawn while writing the STS file)."""

from __future__ import annotations

import datetime

from core.text import name_key

from .data import (
    BOYS,
    FATHERS,
    GIRLS,
    GROUP_SUBJECTS,
    LEVEL_MEF,
    LEVELS,
    MOTHERS,
    SUBJECT_NAMES,
    SUBJECTS,
    SURNAMES,
)
from .families import _Families
from .xmlwriter import _Xml


class _Generator(_Families):
    """Draws the roster (``_Families``), then writes each export; ``build_demo_roster`` calls the
    writers in a fixed order, which the random draws depend on."""

    def _header(self, xml: _Xml) -> None:
        xml.open("PARAMETRES")
        xml.leaf("UAJ", self.uai)
        xml.leaf("ANNEE_SCOLAIRE", str(self.year))
        xml.leaf("DATE_EXPORT", f"01/09/{self.year}")
        xml.leaf("HORODATAGE", f"01/09/{self.year} 08:30:00")
        xml.close("PARAMETRES")

    def pupils_xml(self) -> bytes:
        xml = _Xml()
        xml.open("BEE_ELEVES", VERSION="3.1")
        self._header(xml)
        xml.open("DONNEES")
        xml.open("ELEVES")
        for number, pupil in enumerate(self.pupils):
            xml.open("ELEVE", ELEVE_ID=pupil.pupil_id, ELENOET=str(40000 + number))
            xml.leaf(
                "ID_NATIONAL",
                f"{(987_654_321 + number * 7_919) % 10**9 + 10**9:010d}"[:10]
                + "ABCDEFGHJK"[number % 10],
            )
            xml.leaf("NOM_DE_FAMILLE", pupil.last_name)
            xml.leaf("NOM_USAGE", pupil.usage_name or ("" if number % 3 == 0 else None))
            xml.leaf("PRENOM", pupil.first_name)
            xml.leaf(
                "PRENOM2",
                self.rng.choice(GIRLS if pupil.sex == "2" else BOYS) if number % 2 else "",
            )
            xml.leaf("DATE_NAISS", pupil.birth_date.strftime("%d/%m/%Y"))
            xml.leaf("CODE_SEXE", pupil.sex)
            xml.leaf("CODE_MEF", LEVEL_MEF[pupil.level])
            xml.leaf("DATE_ENTREE", f"0{1 + number % 3}/09/{self.year - LEVELS.index(pupil.level)}")
            if pupil.left_on:
                xml.leaf("DATE_SORTIE", pupil.left_on.strftime("%d/%m/%Y"))
                xml.leaf("CODE_MOTIF_SORTIE", "DEM")
            else:
                xml.leaf("DATE_SORTIE", "" if number % 4 == 0 else None)
            if pupil.level == "3" and number % 5 == 0:
                xml.leaf("TEL_PORTABLE", self._spell(self._mobile()))
            xml.close("ELEVE")
        xml.close("ELEVES")
        xml.open("STRUCTURES")
        repeated = self.pupils[len(self.pupils) // 2].pupil_id if self.pupils else ""
        for pupil in self.pupils:
            blocks = 2 if pupil.pupil_id == repeated else 1
            for _ in range(blocks):
                xml.open("STRUCTURES_ELEVE", ELEVE_ID=pupil.pupil_id)
                if pupil.division:
                    xml.open("STRUCTURE")
                    xml.leaf("CODE_STRUCTURE", pupil.division)
                    xml.leaf("TYPE_STRUCTURE", "D")
                    xml.close("STRUCTURE")
                for group in pupil.groups:
                    xml.open("STRUCTURE")
                    xml.leaf("TYPE_STRUCTURE", "G")  # order varies in real files
                    xml.leaf("CODE_STRUCTURE", f"{pupil.level}{group}")
                    xml.close("STRUCTURE")
                xml.close("STRUCTURES_ELEVE")
        xml.close("STRUCTURES")
        xml.close("DONNEES")
        xml.close("BEE_ELEVES")
        return xml.encode()

    def guardians_xml(self) -> bytes:
        xml = _Xml()
        xml.open("BEE_RESPONSABLES", VERSION="3.1")
        self._header(xml)
        xml.open("DONNEES")
        xml.open("PERSONNES")
        for person in self.persons:
            xml.open("PERSONNE", PERSONNE_ID=person.person_id)
            xml.leaf("LC_CIVILITE", person.civility)
            xml.leaf("NOM_DE_FAMILLE", person.last_name)
            xml.leaf("NOM_USAGE", person.usage_name or None)
            xml.leaf("PRENOM", person.first_name)
            xml.leaf("TEL_PERSONNEL", person.phone_home)
            xml.leaf("TEL_PORTABLE", person.phone_mobile)
            xml.leaf("TEL_PROFESSIONNEL", person.phone_work)
            xml.leaf("MEL", person.email)
            xml.leaf("ACCEPTE_SMS", person.accepts_sms)
            xml.leaf("ADRESSE_ID", person.address_id)
            xml.close("PERSONNE")
        xml.close("PERSONNES")
        xml.open("RESPONSABLES")
        for link in self.links:
            xml.open("RESPONSABLE_ELEVE")
            xml.leaf("ELEVE_ID", link.pupil_id)
            xml.leaf("PERSONNE_ID", link.person_id)
            xml.leaf("NIVEAU_RESPONSABILITE", str(link.level))
            xml.leaf("CODE_PARENTE", link.parente)
            xml.leaf("PAIE_FRAIS_SCOLAIRES", "1" if link.pays else "0")
            xml.leaf("PERCOIT_LES_AIDES", "1" if link.pays else "0")
            xml.leaf("HEBERGE_ELEVE", "1" if link.hosts else "0")
            xml.leaf("A_CONTACTER_EN_PRIORITE", "1" if link.priority else "0")
            xml.close("RESPONSABLE_ELEVE")
        xml.close("RESPONSABLES")
        xml.open("ADRESSES")
        for address_id, (street, postal_code, town) in self.addresses.items():
            xml.open("ADRESSE", ADRESSE_ID=address_id)
            xml.leaf("LIGNE1_ADRESSE", street)
            xml.leaf("LIGNE2_ADRESSE", "")
            xml.leaf("CODE_POSTAL", postal_code)
            xml.leaf("LIBELLE_POSTAL", town)
            xml.leaf("LL_PAYS", "FRANCE")
            xml.close("ADRESSE")
        xml.close("ADRESSES")
        xml.close("DONNEES")
        xml.close("BEE_RESPONSABLES")
        return xml.encode()

    def sts_xml(self) -> bytes:
        divisions = sorted(
            {pupil.division for pupil in self.pupils if pupil.division},
            key=lambda code: (-int(code[0]), code),
        )
        scale = max(1.0, len(divisions) / 16)
        staff: list[dict[str, str]] = []
        teachers_by_subject: dict[str, list[str]] = {}
        next_id = 11000

        def add(function: str, *, subject: str = "", local: bool = False) -> str:
            nonlocal next_id
            next_id += 1
            sex = self.rng.choice("12")
            staff.append(
                {
                    "id": str(next_id),
                    "type": "local" if local else "epp",
                    "civility": "MME" if sex == "2" else "M.",
                    "last_name": self.rng.choice(SURNAMES),
                    "first_name": self.rng.choice(MOTHERS if sex == "2" else FATHERS),
                    "birth": ""
                    if local
                    else (
                        datetime.date(1965, 1, 1)
                        + datetime.timedelta(days=self.rng.randrange(365 * 32))
                    ).isoformat(),
                    "function": function,
                    "subject": subject,
                }
            )
            return str(next_id)

        for subject, _, count in SUBJECTS:
            teachers_by_subject[subject] = [
                add("ENS", subject=subject) for _ in range(round(count * scale))
            ]
        for function in ("DIR", "DIR", "EDU", "EDU", "DOC"):
            add(function)
        add("", subject="")  # long leave: no function
        local_teacher = add("ENS", subject="FRANCAIS", local=True)
        teachers_by_subject["FRANCAIS"].append(local_teacher)

        services: dict[str, list[tuple[str, str]]] = {}
        main_teacher: dict[str, str] = {}
        for number, division in enumerate(divisions):
            services[division] = []
            for subject, code, _ in SUBJECTS:
                if code in GROUP_SUBJECTS:
                    continue  # taught to groups of the level, below
                teachers = teachers_by_subject[subject]
                services[division].append((code, teachers[number % len(teachers)]))
            taken = set(main_teacher.values())
            candidates = [teacher for _, teacher in services[division] if teacher not in taken]
            main_teacher[division] = candidates[0] if candidates else services[division][0][1]
        subject_of_code = {code: subject for subject, code, _ in SUBJECTS}
        group_classes: dict[str, set[str]] = {}
        for pupil in self.pupils:
            for group in pupil.groups:
                if pupil.division:
                    group_classes.setdefault(f"{pupil.level}{group}", set()).add(pupil.division)
        groups = []
        for number, (group_code, classes) in enumerate(sorted(group_classes.items())):
            subject_code, label = next(
                (code, label)
                for code, (suffix, label) in GROUP_SUBJECTS.items()
                if group_code[1:] == suffix
            )
            teachers = teachers_by_subject[subject_of_code[subject_code]]
            groups.append(
                (group_code, f"{label} {group_code[0]}e", sorted(classes), subject_code,
                 teachers[number % len(teachers)])
            )  # fmt: skip
        main_of: dict[str, list[str]] = {}
        for division, teacher in main_teacher.items():
            main_of.setdefault(teacher, []).append(division)

        xml = _Xml()
        xml.open("STS_EDT")
        xml.open("PARAMETRES")
        xml.open("UAJ", CODE=self.uai)
        xml.open("ACADEMIE")
        xml.leaf("CODE", "13")
        xml.leaf("LIBELLE", "POITIERS")
        xml.close("ACADEMIE")
        principal, _, complement = self.name.partition(" ")
        xml.leaf("DENOM_PRINC", name_key(principal).upper() if principal else "COLLEGE")
        xml.leaf("DENOM_COMPL", complement.upper())
        xml.close("UAJ")
        xml.open("ANNEE_SCOLAIRE", ANNEE=str(self.year))
        xml.leaf("DATE_DEBUT", f"{self.year}-09-01")
        xml.leaf("DATE_FIN", f"{self.year + 1}-08-31")
        xml.close("ANNEE_SCOLAIRE")
        xml.leaf("HORODATAGE", f"{self.year}-09-01T08:30:00")
        xml.close("PARAMETRES")
        xml.open("DONNEES")
        xml.open("NOMENCLATURES")
        xml.open("MATIERES")
        for subject, code, _ in SUBJECTS:
            management_code, edition = SUBJECT_NAMES[code]
            xml.open("MATIERE", CODE=code)
            xml.leaf("CODE_GESTION", management_code)
            xml.leaf("LIBELLE_COURT", subject[:20])
            xml.leaf("LIBELLE_LONG", subject)
            xml.leaf("LIBELLE_EDITION", edition)
            xml.close("MATIERE")
        xml.close("MATIERES")
        xml.close("NOMENCLATURES")
        xml.open("INDIVIDUS")
        for person in staff:
            xml.open("INDIVIDU", ID=person["id"], TYPE=person["type"])
            xml.leaf("SEXE", "2" if person["civility"] == "MME" else "1")
            xml.leaf("CIVILITE", person["civility"])
            xml.leaf("NOM_USAGE", person["last_name"])
            xml.leaf("NOM_PATRONYMIQUE", person["last_name"])
            xml.leaf("PRENOM", person["first_name"])
            xml.leaf("DATE_NAISSANCE", person["birth"] or None)
            xml.leaf("FONCTION", person["function"] or None)
            if person["id"] in main_of:
                xml.open("PROFS_PRINC")
                for division in main_of[person["id"]]:
                    xml.open("PROF_PRINC")
                    xml.leaf("CODE_STRUCTURE", division)
                    xml.leaf("DATE_DEBUT", f"{self.year}-09-01")
                    xml.leaf("DATE_FIN", f"{self.year + 1}-08-31")
                    xml.close("PROF_PRINC")
                xml.close("PROFS_PRINC")
            xml.close("INDIVIDU")
        xml.close("INDIVIDUS")
        xml.open("STRUCTURE")
        xml.open("DIVISIONS")
        for division in divisions:
            xml.open("DIVISION", CODE=division)
            xml.leaf("LIBELLE_LONG", division)
            xml.open("SERVICES")
            for code, teacher in services[division]:
                xml.open("SERVICE", CODE_MATIERE=code, CODE_MOD_COURS="CG")
                xml.open("ENSEIGNANTS")
                xml.leaf("ENSEIGNANT", "", ID=teacher, TYPE="epp")
                xml.close("ENSEIGNANTS")
                xml.close("SERVICE")
            xml.close("SERVICES")
            xml.close("DIVISION")
        xml.close("DIVISIONS")
        xml.open("GROUPES")
        for code, label, classes, subject_code, teacher in groups:
            xml.open("GROUPE", CODE=code)
            xml.leaf("LIBELLE_LONG", label)
            xml.open("DIVISIONS_APPARTENANCE")
            for division in classes:
                xml.leaf("DIVISION_APPARTENANCE", "", CODE=division)
            xml.close("DIVISIONS_APPARTENANCE")
            xml.open("SERVICES")
            xml.open("SERVICE", CODE_MATIERE=subject_code, CODE_MOD_COURS="CG")
            xml.open("ENSEIGNANTS")
            xml.leaf("ENSEIGNANT", "", ID=teacher, TYPE="epp")
            xml.close("ENSEIGNANTS")
            xml.close("SERVICE")
            xml.close("SERVICES")
            xml.close("GROUPE")
        xml.close("GROUPES")
        xml.close("STRUCTURE")
        xml.close("DONNEES")
        xml.close("STS_EDT")
        return xml.encode()
