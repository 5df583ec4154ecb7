"""The demo roster generator: deterministic, realistic, and readable by the real parser."""

import datetime
import zipfile
from collections import Counter, defaultdict
from io import BytesIO

import pytest

from accounts.roster import siecle
from accounts.roster.demo import build_demo_roster, current_school_year
from core.phones import normalize_phone


@pytest.fixture(scope="module")
def roster():
    return build_demo_roster(pupils=400, seed=2026, school_year=2026)


@pytest.fixture(scope="module")
def exports(roster):
    pupils, guardians, sts = siecle.parse_upload("demo.zip", roster.zip_bytes())
    return pupils, guardians, sts


def test_same_seed_same_files_other_seed_other_files(roster):
    assert build_demo_roster(pupils=400, seed=2026, school_year=2026).files == roster.files
    assert build_demo_roster(pupils=400, seed=7, school_year=2026).files != roster.files


def test_files_are_iso_8859_15_and_zipped(roster):
    assert set(roster.files) == {
        "ElevesSansAdresses.xml",
        "ResponsablesAvecAdresses.xml",
        "sts_emp_0860123X_2026.xml",
    }
    for content in roster.files.values():
        assert content.startswith(b'<?xml version="1.0" encoding="ISO-8859-15"?>')
    assert "Œ".encode("iso-8859-15") in roster.files["ResponsablesAvecAdresses.xml"]
    with zipfile.ZipFile(BytesIO(roster.zip_bytes())) as archive:
        assert sorted(archive.namelist()) == sorted(roster.files)


def test_pupils_fill_four_classes_per_level_with_coherent_ages(exports):
    pupils = exports[0].pupils
    assert len(pupils) == 400
    by_class = Counter(p.division_code for p in pupils if p.division_code)
    assert sorted(by_class) == [f"{level} {letter}" for level in "3456" for letter in "ABCD"]
    assert all(20 <= size <= 30 for size in by_class.values())
    for pupil in pupils:
        age = 2026 - pupil.birth_date.year
        assert age - {"6": 11, "5": 12, "4": 13, "3": 14}[pupil.level] in (0, 1), pupil
        if pupil.division_code:
            assert pupil.division_code[0] == pupil.level
    assert sum(1 for p in pupils if p.left_on) == 2
    assert sum(1 for p in pupils if not p.division_code) == 1
    assert any(a.kind == "duplicate_structure" for a in exports[0].anomalies)


def test_families_look_real(exports):
    pupils = {p.siecle_id: p for p in exports[0].pupils}
    guardians = exports[1]
    legal: dict[str, list[siecle.LinkRecord]] = defaultdict(list)
    children: dict[str, set[str]] = defaultdict(set)
    for link in guardians.links:
        if link.level == 1:
            legal[link.pupil_id].append(link)
            children[link.person_id].add(link.pupil_id)
    assert set(legal) == set(pupils)  # every pupil has a legal representative
    sizes = Counter(len(links) for links in legal.values())
    assert sizes[2] > 0.6 * len(pupils) and sizes[1] > 0.05 * len(pupils)
    assert {link.level for link in guardians.links} == {1, 2, 3}
    siblings = [kids for kids in children.values() if len(kids) > 1]
    assert len(siblings) > 20
    assert all(len({pupils[kid].division_code for kid in kids}) == len(kids) for kids in siblings)
    # One parent recorded twice: same names and mobile, two PERSONNE_IDs.
    persons = guardians.persons
    twice = Counter(
        (p.last_name, p.first_name, normalize_phone(p.phone_mobile or p.phone_home))
        for p in persons
        if normalize_phone(p.phone_mobile or p.phone_home)
    )
    assert any(count > 1 for count in twice.values())
    assert all(p.address_id in guardians.addresses for p in persons)


def test_phone_numbers_come_in_every_spelling(exports):
    raw = [p.phone_mobile for p in exports[1].persons if p.phone_mobile]
    assert any(r.startswith("+33") for r in raw) and any("." in r for r in raw)
    assert any(r.startswith(("06 ", "07 ")) for r in raw)
    invalid = [r for r in raw if normalize_phone(r) is None]
    assert 0 < len(invalid) < 0.1 * len(raw)
    assert any(
        p.phone_home and not p.phone_mobile and normalize_phone(p.phone_home).is_mobile
        for p in exports[1].persons
    )


def test_sts_file_has_teachers_classes_and_management(exports):
    sts = exports[2]
    functions = Counter(person.function for person in sts.staff)
    assert 28 <= functions["ENS"] <= 40 and functions["DIR"] == 2 and functions[""] == 1
    assert set(sts.teaching) == {f"{level} {letter}" for level in "3456" for letter in "ABCD"}
    principal_of = [code for person in sts.staff for code in person.main_division_codes]
    assert sorted(principal_of) == sorted(sts.teaching)
    assert any(person.sts_type == "local" and person.birth_date is None for person in sts.staff)
    assert sts.establishment_name == "COLLEGE MARCEL PAGNOL"


@pytest.mark.parametrize(
    ("today", "school_year"),
    [
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2026, 12, 15), 2026),
        (datetime.date(2027, 1, 4), 2026),
        (datetime.date(2027, 8, 31), 2026),
    ],
)
def test_current_school_year_runs_september_to_august(today, school_year):
    assert current_school_year(today) == school_year
