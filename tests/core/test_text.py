"""One reading of names and codes for every comparison of the portal."""

import pytest

from core.text import code_key, fold, name_key, normalize_name, same_name


def test_name_key_keeps_only_a_to_z():
    assert name_key("Lebœuf-D'Almeida Æ ß 2") == "leboeufdalmeidaaess"


def test_names_are_compared_without_accents_case_or_hyphens():
    assert normalize_name("  Éléonore-Marie  D'ARC ") == "eleonore marie d arc"
    assert normalize_name("D’Arc") == "d arc"  # curly apostrophe


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Leboeuf", "LEBŒUF"),
        ("lebœuf", "Leboeuf"),
        ("LAETITIA", "Lætitia"),
        ("d'arc", "DARC"),
        ("Jean Marie", "JEAN-MARIE"),
        ("Müller", "MULLER"),
    ],
)
def test_spellings_of_one_name_are_the_same_name(typed, recorded):
    assert same_name(typed, recorded)
    assert normalize_name(typed).replace(" ", "") == normalize_name(recorded).replace(" ", "")


def test_different_names_and_empty_names_never_match():
    assert not same_name("Martin", "Martine")
    assert not same_name("", "")
    assert not same_name("???", "???")


def test_fold_for_search_and_code_key_for_classes():
    assert fold("Éducation Œuvre") == "education oeuvre"
    assert code_key("5 b") == code_key("5-B") == code_key("5B") == "5b"
