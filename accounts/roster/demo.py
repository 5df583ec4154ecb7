"""Realistic SIECLE / STS-web exports for a demo collège, generated deterministically.

``build_demo_roster(pupils=400, seed=2026, school_year=2025)`` always gives the same files: pupils in
6e–3e (about 25 per class), families with one to three children in different classes, mostly two
legal representatives, some single parents, level-2/3 contacts, phone numbers in every spelling
parents use (and a few invalid ones), two leavers, one parent known under two PERSONNE_IDs, a pupil
with two mothers, and an STS file with teachers, their classes, the professeurs principaux and the
management. Files are encoded ISO-8859-15 like real exports. The names are real French first
names and surnames; every person is invented.
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from dataclasses import dataclass, field

from core.text import name_key

from .siecle import MEF_LEVELS

LEVEL_MEF = {level: mef for mef, level in MEF_LEVELS.items()}
LEVELS = ("6", "5", "4", "3")
PUPILS_PER_CLASS = 25

GIRLS = (
    "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna", "Mila", "Inès", "Ambre",
    "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou", "Zoé", "Camille", "Agathe", "Jeanne", "Lucie",
    "Éva", "Nina", "Sarah", "Romane", "Inaya", "Charlotte", "Léonie", "Clémence", "Maëlle", "Océane",
    "Noémie", "Margaux", "Anaïs", "Élise", "Héloïse", "Capucine", "Maëlys", "Clara", "Louna", "Yasmine",
    "Salomé", "Justine", "Éloïse", "Apolline", "Victoire", "Gabrielle", "Lilou",
)
BOYS = (
    "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah",
    "Liam", "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom", "Éden", "Léon",
    "Noé", "Tiago", "Théo", "Isaac", "Marius", "Victor", "Martin", "Timéo", "Nolan", "Axel", "Baptiste",
    "Clément", "Mathis", "Enzo", "Florian", "Dylan", "Kylian", "Antoine", "Valentin", "Évan", "Mathéo",
    "Loïc", "Benoît", "Jérémy", "Rémi", "Joachim", "Côme", "Anatole",
)
MOTHERS = (
    "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie", "Stéphanie", "Virginie", "Émilie",
    "Julie", "Caroline", "Élodie", "Laetitia", "Karine", "Valérie", "Séverine", "Delphine", "Audrey",
    "Mélanie", "Hélène", "Anne", "Marie", "Christelle", "Fatima", "Amandine", "Vanessa", "Cécile",
    "Magali", "Gaëlle", "Claire", "Nadia", "Sabrina", "Estelle", "Géraldine", "Agnès", "Noëlle",
)
FATHERS = (
    "Nicolas", "Sébastien", "Christophe", "Stéphane", "Julien", "Frédéric", "David", "Laurent",
    "Olivier", "Jérôme", "Cédric", "Guillaume", "Mickaël", "Fabrice", "Thierry", "Philippe", "Franck",
    "Grégory", "Vincent", "Arnaud", "Emmanuel", "Pascal", "Yannick", "Karim", "Benjamin", "Damien",
    "Mathieu", "Ludovic", "Hervé", "Thomas", "Jean-François", "Pierre-Yves", "Éric", "Rachid",
)
SURNAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT",
    "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL", "FOURNIER", "GIRARD",
    "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "LEFEBVRE", "FAURE",
    "ANDRÉ", "MERCIER", "BLANC", "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND",
    "GAUTHIER", "GARCIA", "PERRIN", "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL",
    "MATHIEU", "GAUTIER", "MASSON", "MARCHAND", "DUVAL", "DENIS", "DUMONT", "MARIE", "LEMAIRE", "NOËL",
    "MEYER", "DUFOUR", "MEUNIER", "BRUN", "BLANCHARD", "GIRAUD", "JOLY", "RIVIÈRE", "LUCAS", "BRUNET",
    "GAILLARD", "BARBIER", "ARNAUD", "MARTINEZ", "GÉRARD", "ROCHE", "RENARD", "SCHMITT", "ROY",
    "LEROUX", "COLIN", "VIDAL", "CARON", "PICARD", "ROGER", "FABRE", "AUBERT", "LEMOINE", "RENAUD",
    "DUMAS", "LACROIX", "OLIVIER", "PHILIPPE", "BOURGEOIS", "PIERRE", "BENOÎT", "REY", "LECLERC",
    "PAYET", "ROLLAND", "LECLERCQ", "GUILLAUME", "LECOMTE", "LOPEZ", "JEAN", "DUPUY", "GUILLOT",
    "HUBERT", "BERGER", "CARPENTIER", "SANCHEZ", "DUPUIS", "MOULIN", "LOUIS", "DESCHAMPS", "HUET",
    "VASSEUR", "PEREZ", "BOUCHER", "FLEURY", "ROYER", "KLEIN", "JACQUET", "ADAM", "PARIS", "POIRIER",
    "MARTY", "AUBRY", "GUYOT", "CARRÉ", "CHARLES", "RENAULT", "CHARPENTIER", "MÉNARD", "MAILLARD",
    "BARON", "BERTIN", "BAILLY", "HERVÉ", "SCHNEIDER", "FERNANDEZ", "LE GALL", "COLLET", "LÉGER",
    "BOUVIER", "JULIEN", "PRÉVOST", "MILLET", "PERROT", "DANIEL", "LE ROUX", "COUSIN", "GERMAIN",
    "BRETON", "BESSON", "LANGLOIS", "RÉMY", "LE GOFF", "PELLETIER", "LÉVÊQUE", "PERRIER", "LEBLANC",
    "BARRÉ", "LEBRUN", "MARCHAL", "WEBER", "MALLET", "HAMON", "BOULANGER", "JACOB", "MONNIER",
    "MICHAUD", "RODRIGUEZ", "GUICHARD", "GILLET", "ÉTIENNE", "GRONDIN", "POULAIN", "TESSIER",
    "CHEVALLIER", "COLLIN", "CHAUVIN", "DA SILVA", "BOUCHET", "GAY", "LEMAÎTRE", "BENARD", "MARÉCHAL",
    "HUMBERT", "REYNAUD", "ANTOINE", "HOARAU", "PERRET", "BARTHÉLEMY", "CORDIER", "PICHON", "LEJEUNE",
    "GILBERT", "LAMY", "DELAUNAY", "PASQUIER", "CARLIER", "LAPORTE", "CŒURDEROY", "LEBŒUF",
    "D'ALMEIDA", "N'DIAYE", "DE LA FONTAINE", "MARTIN-DUPONT", "SAINT-CLAIR", "BENSAÏD", "NGUYEN",
    "KOWALSKI", "O'CONNOR",
)
STREETS = (
    "rue de la Cathédrale", "rue Carnot", "avenue de la Libération", "rue des Carmes", "rue du Moulin",
    "allée des Tilleuls", "chemin de la Grand'Maison", "rue Jean Jaurès", "rue Victor Hugo",
    "impasse des Lilas", "route de Nouaillé", "rue de la Vallée", "place du Marché", "rue des Écoles",
    "boulevard du Pont-Achard", "rue Saint-Hilaire", "rue de l'Abbé Grégoire", "rue des Œillets",
    "avenue de Nantes", "rue du Clos Gaultier",
)
TOWNS = (
    ("86000", "POITIERS"), ("86000", "POITIERS"), ("86000", "POITIERS"), ("86180", "BUXEROLLES"),
    ("86360", "CHASSENEUIL-DU-POITOU"), ("86280", "SAINT-BENOIT"), ("86240", "LIGUGE"),
    ("86440", "MIGNE-AUXANCES"), ("86550", "MIGNALOUX-BEAUVOIR"), ("86170", "NEUVILLE-DE-POITOU"),
    ("86130", "JAUNAY-MARIGNY"), ("86580", "VOUNEUIL-SOUS-BIARD"),
)
MAIL_DOMAINS = ("orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "hotmail.fr",
                "yahoo.fr", "outlook.fr", "icloud.com")
# (subject, CODE_MATIERE, number of teachers for 16 classes)
SUBJECTS = (
    ("FRANCAIS", "020100", 4), ("MATHEMATIQUES", "061300", 4), ("HISTOIRE-GEOGRAPHIE", "040700", 3),
    ("ANGLAIS LV1", "030201", 3), ("ESPAGNOL LV2", "030602", 2), ("ALLEMAND LV2", "030102", 1),
    ("SCIENCES VIE & TERRE", "062900", 2), ("PHYSIQUE-CHIMIE", "061700", 2), ("TECHNOLOGIE", "070200", 2),
    ("ED.PHYSIQUE & SPORT.", "100100", 3), ("ARTS PLASTIQUES", "090100", 1),
    ("EDUCATION MUSICALE", "090500", 1), ("LATIN", "021800", 1),
)


@dataclass
class DemoRoster:
    uai: str
    school_year: int
    files: dict[str, bytes] = field(default_factory=dict)

    def zip_bytes(self) -> bytes:
        """All the exports in one zip, as a secretariat would upload them."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(name, content)
        return buffer.getvalue()


class _Xml:
    """A tiny XML writer: the exports are generated, never parsed, here."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    @staticmethod
    def _escape(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def _attrs(self, attrs: dict[str, str]) -> str:
        return "".join(f' {key}="{self._escape(str(value))}"' for key, value in attrs.items())

    def open(self, tag: str, **attrs: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<{tag}{self._attrs(attrs)}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def leaf(self, tag: str, value: str | None = None, **attrs: str) -> None:
        """``None`` leaves the element out; ``""`` writes an empty element (both happen in SIECLE)."""
        indent = "  " * self.depth
        if value is None and not attrs:
            return
        if not value:
            self.lines.append(f"{indent}<{tag}{self._attrs(attrs)}/>")
        else:
            self.lines.append(f"{indent}<{tag}{self._attrs(attrs)}>{self._escape(value)}</{tag}>")

    def encode(self, encoding: str = "ISO-8859-15") -> bytes:
        text = f'<?xml version="1.0" encoding="{encoding}"?>\n' + "\n".join(self.lines) + "\n"
        # SIECLE writes "?" for the characters its encoding lacks.
        return text.encode(encoding, errors="replace")


@dataclass
class _Person:
    person_id: str
    civility: str
    last_name: str
    first_name: str
    usage_name: str = ""
    phone_home: str | None = None
    phone_mobile: str | None = None
    phone_work: str | None = None
    email: str | None = None
    accepts_sms: str = "1"
    address_id: str = ""


@dataclass
class _Pupil:
    pupil_id: str
    last_name: str
    first_name: str
    sex: str
    level: str
    division: str
    birth_date: datetime.date
    usage_name: str = ""
    left_on: datetime.date | None = None
    groups: list[str] = field(default_factory=list)


@dataclass
class _Link:
    pupil_id: str
    person_id: str
    level: int
    parente: str
    pays: bool = False
    hosts: bool = True
    priority: bool = False


class _Generator:
    def __init__(self, *, pupils: int, seed: int, uai: str, school_year: int, name: str):
        self.rng = random.Random(f"{seed}-{pupils}-{school_year}")  # noqa: S311 - demo data, not secrets
        self.count = pupils
        self.uai = uai
        self.year = school_year
        self.name = name
        self.pupils: list[_Pupil] = []
        self.persons: list[_Person] = []
        self.links: list[_Link] = []
        self.addresses: dict[str, tuple[str, str, str]] = {}
        self.next_person = 600000
        self.next_phone = 0

    # --- small pieces ----------------------------------------------------------------------

    def _mobile(self) -> str:
        """A unique, valid-looking mobile number (06 or 07)."""
        self.next_phone += 1
        prefix = self.rng.choice(("6", "7"))
        digits = f"{prefix}{(self.rng.randrange(10_000_000) + self.next_phone * 7919) % 100_000_000:08d}"
        if prefix == "7" and digits[1] in "0123":  # 070–073 are not allocated to mobiles
            digits = "78" + digits[2:]
        return digits

    def _spell(self, digits: str) -> str:
        """The same number in one of the spellings found in real files."""
        national = "0" + digits
        pairs = " ".join(national[i:i + 2] for i in range(0, 10, 2))
        return self.rng.choice((
            f"+33{digits}", pairs, pairs.replace(" ", "."), national, pairs.replace(" ", "-"),
            f"+33 {digits[0]} {' '.join(digits[i:i + 2] for i in range(1, 9, 2))}", f"0033{digits}",
        ))

    def _landline(self) -> str:
        return self._spell(f"549{self.rng.randrange(1_000_000):06d}")

    def _invalid_phone(self) -> str:
        return self.rng.choice(("06 12 34", "0000000000", "12345", "06 12 34 56 78 9", "tel portable"))

    def _email(self, first_name: str, last_name: str) -> str:
        local = f"{name_key(first_name)}.{name_key(last_name)}"
        if self.rng.random() < 0.3:
            local += str(self.rng.randrange(1, 99))
        return f"{local}@{self.rng.choice(MAIL_DOMAINS)}"

    def _address(self) -> str:
        address_id = str(800000 + len(self.addresses))
        postal_code, town = self.rng.choice(TOWNS)
        street = f"{self.rng.randrange(1, 120)} {self.rng.choice(STREETS)}"
        self.addresses[address_id] = (street, postal_code, town)
        return address_id

    def _person(self, civility: str, last_name: str, first_name: str, *, usage_name: str = "",
                address_id: str = "") -> _Person:
        self.next_person += 1
        person = _Person(person_id=str(self.next_person), civility=civility, last_name=last_name,
                         first_name=first_name, usage_name=usage_name, address_id=address_id)
        roll = self.rng.random()
        mobile = self._mobile()
        if roll < 0.04:
            person.phone_mobile = self._invalid_phone()
        elif roll < 0.09:
            person.phone_home, person.phone_mobile = self._spell(mobile), ""  # mobile given as "personal"
        elif roll < 0.12:
            person.phone_mobile = None  # no phone at all
        else:
            person.phone_mobile = self._spell(mobile)
        if person.phone_home is None and self.rng.random() < 0.35:
            person.phone_home = self._landline()
        if self.rng.random() < 0.25:
            person.phone_work = self._spell(f"5{self.rng.randrange(10**8):08d}")
        person.email = self._email(first_name, usage_name or last_name) if self.rng.random() < 0.9 else ""
        person.accepts_sms = "1" if self.rng.random() < 0.8 else "0"
        self.persons.append(person)
        return person

    # --- the roster ------------------------------------------------------------------------

    def build_families(self) -> None:
        per_level = [self.count // 4 + (1 if i < self.count % 4 else 0) for i in range(4)]
        remaining = dict(zip(LEVELS, per_level, strict=True))
        families: list[list[str]] = []
        while sum(remaining.values()):
            size = self.rng.choices((1, 2, 3), weights=(80, 17, 3))[0]
            available = [level for level in LEVELS if remaining[level]]
            levels = self.rng.sample(available, min(size, len(available)))
            for level in levels:
                remaining[level] -= 1
            families.append(levels)

        classes = {level: max(1, round(count / PUPILS_PER_CLASS)) for level, count in zip(LEVELS, per_level, strict=True)}
        seat: dict[str, int] = dict.fromkeys(LEVELS, 0)
        pupil_number = 0
        for index, levels in enumerate(families):
            surname = self.rng.choice(SURNAMES)
            children = []
            for level in levels:
                pupil_number += 1
                division = f"{level} {chr(65 + seat[level] % classes[level])}"
                seat[level] += 1
                sex = self.rng.choice("12")
                age = 11 + LEVELS.index(level) + (1 if self.rng.random() < 0.06 else 0)
                born = datetime.date(self.year - age, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))
                child = _Pupil(
                    pupil_id=str(3_200_000 + pupil_number), last_name=surname,
                    first_name=self.rng.choice(GIRLS if sex == "2" else BOYS), sex=sex, level=level,
                    division=division, birth_date=born,
                )
                if level in "43" and self.rng.random() < 0.3:
                    child.groups.append(self.rng.choice(("LATIN", "ESP LV2", "ALL LV2")))
                children.append(child)
            self.pupils.extend(children)
            self._guardians_for(index, surname, children)

    def _guardians_for(self, index: int, surname: str, children: list[_Pupil]) -> None:
        roll = self.rng.random()
        home = self._address()
        legal: list[tuple[_Person, str]] = []
        if roll < 0.78:  # two parents
            separated = self.rng.random() < 0.2
            mother_birth_name = self.rng.choice(SURNAMES)
            if self.rng.random() < 0.6:
                mother = self._person("MME", mother_birth_name, self.rng.choice(MOTHERS), usage_name=surname,
                                      address_id=home)
            else:
                mother = self._person("MME", mother_birth_name, self.rng.choice(MOTHERS), address_id=home)
            father = self._person("M.", surname, self.rng.choice(FATHERS),
                                  address_id=self._address() if separated else home)
            if not separated and mother.email and self.rng.random() < 0.1:
                father.email = f"famille.{name_key(surname)}@{self.rng.choice(MAIL_DOMAINS)}"
                mother.email = father.email
            legal = [(mother, "10"), (father, "20")]
        elif roll < 0.93:  # single parent, mostly mothers
            if self.rng.random() < 0.8:
                legal = [(self._person("MME", surname, self.rng.choice(MOTHERS), address_id=home), "10")]
            else:
                legal = [(self._person("M.", surname, self.rng.choice(FATHERS), address_id=home), "20")]
        elif roll < 0.97:  # tutor, often a grandparent
            legal = [(self._person("MME", self.rng.choice(SURNAMES), self.rng.choice(MOTHERS), address_id=home), "50")]
        else:  # placed child: aide sociale à l'enfance, plus the mother as legal representative
            legal = [(self._person("MME", surname, self.rng.choice(MOTHERS), address_id=home), "10"),
                     (self._person("M.", "SERVICE ASE VIENNE", "Référent", address_id=self._address()), "51")]
        for child in children:
            for rank, (person, parente) in enumerate(legal):
                self.links.append(_Link(child.pupil_id, person.person_id, 1, parente, pays=rank == 0,
                                        priority=rank == 0))
        if self.rng.random() < 0.1:  # a grandparent to call
            grandmother = self.rng.random() < 0.6
            grandparent = self._person("MME" if grandmother else "M.", surname,
                                       self.rng.choice(MOTHERS if grandmother else FATHERS),
                                       address_id=self._address())
            for child in children:
                self.links.append(_Link(child.pupil_id, grandparent.person_id, 3, "38", hosts=False))
        if self.rng.random() < 0.04:  # someone in charge: an uncle, an educator
            carer = self._person("M.", self.rng.choice(SURNAMES), self.rng.choice(FATHERS), address_id=home)
            for child in children:
                self.links.append(_Link(child.pupil_id, carer.person_id, 2, self.rng.choice(("39", "41"))))

    def add_messy_cases(self) -> None:
        """The cases every real file has, placed deterministically."""
        pupils_by_id = {pupil.pupil_id: pupil for pupil in self.pupils}
        legal_by_pupil: dict[str, list[_Link]] = {}
        for link in self.links:
            if link.level == 1:
                legal_by_pupil.setdefault(link.pupil_id, []).append(link)

        # Two leavers: left during the summer, still in the export with their DATE_SORTIE.
        for pupil, left in zip(self.pupils[7::max(1, len(self.pupils) // 2)][:2],
                               (datetime.date(self.year, 7, 8), datetime.date(self.year, 8, 31)), strict=False):
            pupil.left_on = left

        # One parent recorded twice by the school: same names and mobile, two PERSONNE_IDs.
        persons = {person.person_id: person for person in self.persons}
        children_of: dict[str, list[str]] = {}
        for link in self.links:
            if link.level == 1 and link.parente == "10":
                children_of.setdefault(link.person_id, []).append(link.pupil_id)
        twice = next((pid for pid, kids in children_of.items()
                      if len(kids) >= 2 and persons[pid].phone_mobile
                      and not persons[pid].phone_mobile.startswith(("06 12 34", "0000", "12345", "tel"))), None)
        if twice:
            original = persons[twice]
            self.next_person += 1
            copy = _Person(**{**original.__dict__, "person_id": str(self.next_person), "email": ""})
            self.persons.append(copy)
            second_child = children_of[twice][1]
            for link in self.links:
                if link.person_id == twice and link.pupil_id == second_child:
                    link.person_id = copy.person_id

        # Two mothers as legal representatives of one pupil.
        single = next((pid for pid, links in legal_by_pupil.items()
                       if len(links) == 1 and links[0].parente == "10"
                       and pupils_by_id[pid].left_on is None), None)
        if single:
            other = self._person("MME", self.rng.choice(SURNAMES), self.rng.choice(MOTHERS),
                                 address_id=self._address())
            self.links.append(_Link(single, other.person_id, 1, "10"))

        # A pupil arrived without a class yet, and one with a usage name.
        current = [pupil for pupil in self.pupils if pupil.left_on is None]
        current[len(current) // 3].division = ""
        current[len(current) // 5].usage_name = self.rng.choice(SURNAMES)

    # --- writers ---------------------------------------------------------------------------

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
            xml.leaf("ID_NATIONAL", f"{(987_654_321 + number * 7_919) % 10**9 + 10**9:010d}"[:10] + "ABCDEFGHJK"[number % 10])
            xml.leaf("NOM_DE_FAMILLE", pupil.last_name)
            xml.leaf("NOM_USAGE", pupil.usage_name or ("" if number % 3 == 0 else None))
            xml.leaf("PRENOM", pupil.first_name)
            xml.leaf("PRENOM2", self.rng.choice(GIRLS if pupil.sex == "2" else BOYS) if number % 2 else "")
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
        divisions = sorted({pupil.division for pupil in self.pupils if pupil.division},
                           key=lambda code: (-int(code[0]), code))
        scale = max(1.0, len(divisions) / 16)
        staff: list[dict[str, str]] = []
        teachers_by_subject: dict[str, list[str]] = {}
        next_id = 11000

        def add(function: str, *, subject: str = "", local: bool = False) -> str:
            nonlocal next_id
            next_id += 1
            sex = self.rng.choice("12")
            staff.append({
                "id": str(next_id), "type": "local" if local else "epp",
                "civility": "MME" if sex == "2" else "M.", "last_name": self.rng.choice(SURNAMES),
                "first_name": self.rng.choice(MOTHERS if sex == "2" else FATHERS),
                "birth": "" if local else (datetime.date(1965, 1, 1) + datetime.timedelta(
                    days=self.rng.randrange(365 * 32))).isoformat(),
                "function": function, "subject": subject,
            })
            return str(next_id)

        for subject, _, count in SUBJECTS:
            teachers_by_subject[subject] = [add("ENS", subject=subject) for _ in range(round(count * scale))]
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
                if subject == "LATIN" and division[0] == "6":
                    continue
                teachers = teachers_by_subject[subject]
                services[division].append((code, teachers[number % len(teachers)]))
            taken = set(main_teacher.values())
            candidates = [teacher for _, teacher in services[division] if teacher not in taken]
            main_teacher[division] = candidates[0] if candidates else services[division][0][1]
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
        xml.close("STRUCTURE")
        xml.close("DONNEES")
        xml.close("STS_EDT")
        return xml.encode()


def current_school_year(today: datetime.date) -> int:
    """The year the school year started: September to August."""
    return today.year if today.month >= 9 else today.year - 1


def build_demo_roster(
    *,
    pupils: int = 400,
    seed: int = 2026,
    uai: str = "0860123X",
    school_year: int = 2025,
    name: str = "Collège Marcel Pagnol",
) -> DemoRoster:
    generator = _Generator(pupils=pupils, seed=seed, uai=uai, school_year=school_year, name=name)
    generator.build_families()
    generator.add_messy_cases()
    return DemoRoster(
        uai=uai,
        school_year=school_year,
        files={
            "ElevesSansAdresses.xml": generator.pupils_xml(),
            "ResponsablesAvecAdresses.xml": generator.guardians_xml(),
            f"sts_emp_{uai}_{school_year}.xml": generator.sts_xml(),
        },
    )
