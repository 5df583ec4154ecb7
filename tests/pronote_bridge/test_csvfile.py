"""Reading Pronote's export: encodings, separators, columns; a bad file is refused with French
messages that name the line."""

import codecs

import pytest
from django.core.exceptions import ValidationError

from pronote_bridge.csvfile import parse_export

from .conftest import csv_file

LINE = "ÉLÉONORE;Léa;02/03/2013;5 A;Élève;PRN001"


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        parse_export(content)
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (csv_file(LINE), "UTF-8"),
        (codecs.BOM_UTF8 + csv_file(LINE), "UTF-8 (BOM)"),
        (csv_file(LINE, encoding="cp1252"), "Windows-1252"),
    ],
)
def test_the_export_is_read_in_each_encoding_pronote_writes(content, encoding):
    export = parse_export(content)
    assert export.encoding == encoding
    (row,) = export.rows
    assert (row.last_name, row.first_name, row.division, row.identifier) == (
        "ÉLÉONORE",
        "Léa",
        "5 A",
        "PRN001",
    )
    assert row.birth_date.isoformat() == "2013-03-02"


def test_columns_in_any_order_case_and_accents_and_another_separator():
    content = csv_file(
        "PRN001,Léa,ELEONORE", header="IDENTIFIANT PRONOTE-ENT,prenom,NOM", encoding="utf-8"
    )
    (row,) = parse_export(content).rows
    assert (row.last_name, row.first_name, row.identifier, row.birth_date) == (
        "ELEONORE",
        "Léa",
        "PRN001",
        None,
    )


def test_blank_lines_are_skipped():
    assert len(parse_export(csv_file(LINE, "", ";;;;;")).rows) == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Le fichier est vide."),
        ("Nom;Prénom\r\nA;B\r\n".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.4\x00\x01\x02 binary", "n'est pas un fichier texte CSV"),
        (csv_file(LINE).decode().encode("utf-8").decode("cp1252").encode("utf-8"), "Ã©"),
        (b"Nom;Pr\xe9nom;Identifiant\r\nA;B;\x81\x8d\r\n", "ni en UTF-8 ni en Windows-1252"),
        (csv_file("A;B", header="Nom;Prénom"), "Colonnes obligatoires absentes : Identifiant"),
        (csv_file(header="Nom;Prénom;Identifiant"), "aucune ligne"),
        (csv_file("ÉLÉONORE;Léa;31/02/2013;5 A;Élève;PRN001"), "Ligne 2 : date de naissance"),
        (csv_file("ÉLÉONORE;Léa;;;;"), "Ligne 2 : la colonne « Identifiant » est vide."),
        (csv_file(LINE, "BERNARD;Hugo;;;;PRN001"), "l'identifiant « PRN001 » figure déjà ligne 2"),
        (csv_file("X" * 101 + ";Léa;;;;P1"), "dépasse 100 caractères"),
    ],
)
def test_a_bad_file_is_refused_with_a_french_message(content, expected):
    assert expected in refusal(content)


def test_an_oversized_file_is_refused(settings):
    settings.PRONOTE_IMPORT_MAX_BYTES = 1024
    assert "trop volumineux" in refusal(csv_file(*[LINE.replace("001", f"{n}") for n in range(50)]))


def test_errors_are_listed_up_to_ten_then_counted():
    lines = [f"A{n};B;;;;" for n in range(15)]
    message = refusal(csv_file(*lines))
    assert message.count("est vide") == 10 and "15 en tout" in message
