"""Realistic SIECLE / STS-web exports for a demo collège, generated deterministically.

``build_demo_roster(pupils=400, seed=2026, school_year=2025)`` always gives the same files: pupils in
6e–3e (about 25 per class), families with one to three children in different classes, mostly two
legal representatives, some single parents, level-2/3 contacts, phone numbers in every spelling
parents use (and a few invalid ones), two leavers, one parent known under two PERSONNE_IDs, a pupil
with two mothers, and an STS file with teachers, their classes, the professeurs principaux and the
management. Files are encoded ISO-8859-15 like real exports. The names are real French first
names and surnames; every person is invented.

The static data is in ``data``, the XML writer in ``xmlwriter``, the drawing of the people in
``families`` and the writing of the three exports in ``exports``; import from
``accounts.roster.demo``.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from core.schoolyear import school_year_of

from .data import (
    BOYS,
    FATHERS,
    GIRLS,
    LEVEL_MEF,
    LEVELS,
    MAIL_DOMAINS,
    MOTHERS,
    PUPILS_PER_CLASS,
    STREETS,
    SUBJECTS,
    SURNAMES,
    TOWNS,
)
from .exports import _Generator

__all__ = [
    "BOYS",
    "FATHERS",
    "GIRLS",
    "LEVEL_MEF",
    "LEVELS",
    "MAIL_DOMAINS",
    "MOTHERS",
    "PUPILS_PER_CLASS",
    "STREETS",
    "SUBJECTS",
    "SURNAMES",
    "TOWNS",
    "DemoRoster",
    "build_demo_roster",
    "current_school_year",
]


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


def current_school_year(today: datetime.date) -> int:
    """The year the school year started: September to August."""
    return school_year_of(today)


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
