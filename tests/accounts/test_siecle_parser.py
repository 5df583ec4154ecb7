"""SIECLE / STS parsing on small hand-written files (tests/fixtures/siecle/): no database."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from accounts.roster import siecle
from core.phones import normalize_phone

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_pupils_export_in_iso_8859_15_with_oe_ligature():
    raw = fixture("ElevesSansAdresses.xml")
    assert b'encoding="ISO-8859-15"' in raw and "Œ".encode("iso-8859-15") in raw

    export = siecle.parse_document("ElevesSansAdresses.xml", raw)

    assert isinstance(export, siecle.PupilsExport)
    assert export.header == siecle.ExportHeader(
        kind="eleves",
        source_name="ElevesSansAdresses.xml",
        uaj="0860123X",
        school_year=2026,
        export_date="14/09/2026",
    )
    pupils = {p.siecle_id: p for p in export.pupils}
    assert len(pupils) == 8
    zoe = pupils["1003"]  # elements in another order, empty NOM_USAGE
    assert (zoe.last_name, zoe.first_name, zoe.usage_name) == ("CŒURDEROY", "Zoé", "")
    assert zoe.birth_date == datetime.date(2016, 2, 29)
    assert (zoe.sex, zoe.level, zoe.division_code, zoe.ine) == ("F", "6", "6 A", "1234567892C")
    dylan = pupils["1001"]
    assert (dylan.elenoet, dylan.second_first_name, dylan.level, dylan.division_code) == (
        "4101",
        "Jules",
        "5",
        "5 B",
    )
    assert dylan.entered_on == datetime.date(2025, 9, 1) and dylan.left_on is None
    assert pupils["1004"].display_last_name == "LEFÈVRE"  # NOM_USAGE wins for display
    assert pupils["1004"].last_name == "LEFÈVRE-DUPONT"
    assert pupils["1002"].division_code == "3 A"  # the D structure, not the LATIN group
    assert pupils["1005"].division_code == ""  # only a group: no class yet
    assert (
        pupils["1006"].left_on == datetime.date(2026, 8, 31) and pupils["1006"].exit_reason == "DEM"
    )
    assert pupils["1007"].left_on is None  # empty DATE_SORTIE element


def test_repeated_structure_block_is_merged_and_reported():
    export = siecle.parse_document("ElevesSansAdresses.xml", fixture("ElevesSansAdresses.xml"))

    assert [a.kind for a in export.anomalies] == ["duplicate_structure"]
    assert "« 6 A » répétée pour LEFÈVRE Chloé" in export.anomalies[0].message


def test_two_different_classes_keep_the_first_and_report_the_other():
    raw = fixture("ElevesSansAdresses.xml").replace(
        b'<STRUCTURES_ELEVE ELEVE_ID="1008">',
        b'<STRUCTURES_ELEVE ELEVE_ID="1008"><STRUCTURE><CODE_STRUCTURE>4 B</CODE_STRUCTURE>'
        b"<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>",
    )
    export = siecle.parse_document("ElevesSansAdresses.xml", raw)

    louis = next(p for p in export.pupils if p.siecle_id == "1008")
    assert louis.division_code == "4 B"
    assert any("« 4 B » retenue, « 4 A » ignorée" in a.message for a in export.anomalies)


def test_guardians_export_in_utf8_with_bom():
    raw = fixture("ResponsablesAvecAdresses.xml")
    assert raw.startswith(b"\xef\xbb\xbf")

    export = siecle.parse_document("ResponsablesAvecAdresses.xml", raw)

    assert isinstance(export, siecle.GuardiansExport)
    assert export.header.kind == "responsables" and export.header.school_year == 2026
    persons = {p.siecle_id: p for p in export.persons}
    assert persons["2004"].last_name == "CŒURDEROY"
    assert persons["2005"].display_last_name == "LEFÈVRE" and persons["2005"].last_name == "DUPONT"
    assert persons["2001"].phone_mobile == "06 12 34 56 78" and persons["2001"].accepts_sms is True
    assert persons["2003"].phone_mobile == "" and persons["2003"].email == ""  # empty elements
    assert (
        persons["2012"].phone_mobile == "" and persons["2012"].accepts_sms is None
    )  # missing elements
    first = export.links[0]
    assert (first.pupil_id, first.person_id, first.level, first.parente) == (
        "1001",
        "2001",
        1,
        "10",
    )
    assert first.pays_fees and first.receives_aid and first.hosts_pupil and first.priority_contact
    second = export.links[1]  # PERSONNE_ID before ELEVE_ID, missing flags
    assert (second.pupil_id, second.person_id, second.parente) == ("1001", "2002", "20")
    assert not second.pays_fees and second.hosts_pupil
    assert {link.level for link in export.links} == {1, 2, 3}
    address = export.addresses["3001"]
    assert address.lines == ["12 rue des Carmes", "Résidence Les Œillets"]
    assert (address.postal_code, address.city, address.country) == ("86000", "POITIERS", "FRANCE")
    assert export.addresses["3002"].country == ""


def test_pre_2018_guardians_use_resp_legal():
    export = siecle.parse_document("ResponsablesPre2018.xml", fixture("ResponsablesPre2018.xml"))

    assert {p.siecle_id: p.last_name for p in export.persons}["2101"] == "BŒUF"  # NOM, ISO-8859-15
    links = {link.person_id: link for link in export.links}
    assert (links["2101"].level, links["2101"].legal_rank, links["2101"].pays_fees) == (1, 1, True)
    assert links["2101"].receives_aid  # PERS_PAIEMENT
    assert (links["2102"].level, links["2102"].legal_rank, links["2102"].pays_fees) == (1, 2, False)
    assert (links["2103"].level, links["2103"].legal_rank) == (3, None)


def test_sts_export_with_iso_dates_functions_and_classes():
    export = siecle.parse_document(
        "sts_emp_0860123X_2026.xml", fixture("sts_emp_0860123X_2026.xml")
    )

    assert isinstance(export, siecle.StsExport)
    assert (export.header.uaj, export.header.school_year) == ("0860123X", 2026)
    assert export.establishment_name == "COLLEGE MARCEL PAGNOL" and export.academie_code == "13"
    staff = {s.sts_id: s for s in export.staff}
    claire = staff["5001"]
    assert (claire.last_name, claire.civility, claire.function) == ("DUBOIS", "MME", "ENS")
    assert claire.birth_date == datetime.date(1978, 4, 2)
    assert claire.main_division_codes == ["5 B"]
    assert staff["5003"].function == "DIR"
    assert staff["5004"].function == ""  # long leave: no FONCTION
    assert staff["5005"].sts_type == "local" and staff["5005"].birth_date is None
    assert export.teaching == {
        "5 B": {"5001"},
        "3 A": {"5001", "5999", "5002"},  # 5002 through the Latin group drawn from 3 A
        "6 A": {"5002", "5005"},
        "4 A": {"5002"},
    }
    subjects = {s.code: s for s in export.subjects}
    assert (subjects["020100"].management_code, subjects["020100"].edition_label) == (
        "FRANC",
        "Français",
    )
    assert subjects["061300"].long_label == "MATHEMATIQUES"
    assert [(g.code, g.label, g.division_codes) for g in export.groups] == [
        ("3LATIN", "Latin 3e", ["3 A"])
    ]
    assert siecle.ServiceRecord("G", "3LATIN", "021800", "5002") in export.services
    assert siecle.ServiceRecord("D", "6 A", "020100", "5005") in export.services
    assert len(export.services) == 7


def test_zip_with_several_exports_and_nested_siecle_zip():
    pupils_zip = zipped(("ElevesSansAdresses.xml", fixture("ElevesSansAdresses.xml")))
    upload = zipped(
        ("ExportXML_ElevesSansAdresses.zip", pupils_zip),
        ("dossier/ResponsablesAvecAdresses.xml", fixture("ResponsablesAvecAdresses.xml")),
        ("sts_emp_0860123X_2026.xml", fixture("sts_emp_0860123X_2026.xml")),
        ("LISEZMOI.txt", b"ignored"),
    )

    exports = siecle.parse_upload("exports.zip", upload)

    assert [e.header.kind for e in exports] == ["eleves", "responsables", "sts"]
    assert [e.header.source_name for e in exports] == [
        "ElevesSansAdresses.xml",
        "ResponsablesAvecAdresses.xml",
        "sts_emp_0860123X_2026.xml",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.pdf", b"%PDF-1.4 not xml", "n'est ni un fichier XML ni une archive zip"),
        ("vide.xml", b"", "est vide"),
        ("casse.xml", b"<BEE_ELEVES><PARAMETRES>", "n'est pas un fichier XML valide"),
        (
            "autre.xml",
            b"<?xml version='1.0'?><EXPORT_NOTES/>",
            "élément racine est « EXPORT_NOTES »",
        ),
        ("casse.zip", b"PK\x03\x04 broken", "endommagée"),
        ("vide.zip", zipped(("notes.txt", b"x")), "ne contient aucun fichier XML"),
    ],
)
def test_unreadable_uploads_get_a_french_message(name, content, message):
    with pytest.raises(siecle.RosterFileError) as caught:
        siecle.parse_upload(name, content)
    assert message in caught.value.message


def test_entities_and_dtds_are_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<BEE_ELEVES>&lol2;</BEE_ELEVES>"
    )
    with pytest.raises(siecle.RosterFileError) as caught:
        siecle.parse_upload("bombe.xml", bomb)
    assert "interdites" in caught.value.message


def test_zip_entry_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(siecle, "MAX_XML_BYTES", 1000)
    with pytest.raises(siecle.RosterFileError) as caught:
        siecle.parse_upload(
            "gros.zip", zipped(("ElevesSansAdresses.xml", fixture("ElevesSansAdresses.xml")))
        )
    assert "trop volumineux" in caught.value.message


def test_dates_in_both_formats():
    assert siecle.parse_date("05/09/2026") == datetime.date(2026, 9, 5)
    assert siecle.parse_date("2026-09-05") == datetime.date(2026, 9, 5)
    assert siecle.parse_date("  ") is None
    with pytest.raises(ValueError):
        siecle.parse_date("31/02/2026")


def test_unreadable_birth_date_is_reported_not_fatal():
    raw = fixture("ElevesSansAdresses.xml").replace(b"17/05/2014", b"17/13/2014")
    export = siecle.parse_document("ElevesSansAdresses.xml", raw)

    dylan = next(p for p in export.pupils if p.siecle_id == "1001")
    assert dylan.birth_date is None
    assert any("Date de naissance illisible « 17/13/2014 »" in a.message for a in export.anomalies)


@pytest.mark.parametrize(
    ("raw", "e164", "mobile"),
    [
        ("+33612345678", "+33612345678", True),
        ("06 12 34 56 78", "+33612345678", True),
        ("06.12.34.56.78", "+33612345678", True),
        ("06-12-34-56-78", "+33612345678", True),
        ("0033 6 12 34 56 78", "+33612345678", True),
        ("07 81 22 33 44", "+33781223344", True),
        ("05 49 12 34 56", "+33549123456", False),
        ("0262 26 12 34", "+262262261234", False),  # La Réunion, written nationally
        ("0692 12 34 56", "+262692123456", True),
    ],
)
def test_phones_are_normalised_to_e164(raw, e164, mobile):
    phone = normalize_phone(raw)
    assert phone is not None and (phone.e164, phone.is_mobile) == (e164, mobile)


@pytest.mark.parametrize("raw", ["", "06 12 34", "0000000000", "12345", "tel portable", "+33 6 12"])
def test_invalid_phones_give_none(raw):
    assert normalize_phone(raw) is None


def test_inspect_reads_only_the_headers():
    truncated = (
        fixture("ElevesSansAdresses.xml").split(b"<ELEVES>")[0] + b"<ELEVES><ELEVE"
    )  # broken after PARAMETRES
    upload = zipped(
        ("ElevesSansAdresses.xml", truncated), ("sts.xml", fixture("sts_emp_0860123X_2026.xml"))
    )

    headers = siecle.inspect_upload("exports.zip", upload)

    assert [(h.kind, h.uaj, h.school_year) for h in headers] == [
        ("eleves", "0860123X", 2026),
        ("sts", "0860123X", 2026),
    ]
    with pytest.raises(siecle.RosterFileError):
        siecle.parse_upload("exports.zip", upload)
    with pytest.raises(siecle.RosterFileError) as caught:
        siecle.inspect_upload("notes.xml", b"<NOTES><PARAMETRES/></NOTES>")
    assert "« NOTES »" in caught.value.message
