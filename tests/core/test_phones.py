"""One reading of phone numbers: the roster import's, with the overseas fallback."""

import pytest
from django import forms

from core.forms import PhoneField
from core.phones import normalize_phone, phone_display, phone_e164


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0692 12 34 56", "+262692123456"),  # La Réunion, written nationally
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("+262 692 12 34 56", "+262692123456"),
    ],
)
def test_every_usual_spelling_gives_the_roster_number(raw, e164):
    assert phone_e164(raw) == e164
    assert normalize_phone(raw).is_mobile


@pytest.mark.parametrize("raw", ["", "12", "+33 1", "bonjour", "+3361234567890123"])
def test_invalid_numbers_are_none(raw):
    assert phone_e164(raw) is None


def test_numbers_are_shown_as_people_write_them():
    assert phone_display("+33612345678") == "06 12 34 56 78"
    assert phone_display("+262692123456") == "0692 12 34 56"
    assert phone_display("+442071838750") == "+44 20 7183 8750"
    assert phone_display("") == ""


class _Form(forms.Form):
    phone = PhoneField(required=False)


@pytest.mark.parametrize(("raw", "e164"), [("0692 12 34 56", "+262692123456"), ("", "")])
def test_the_phone_field_cleans_to_e164(raw, e164):
    form = _Form({"phone": raw})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == e164


def test_the_phone_field_refuses_in_french_and_shows_stored_numbers_nationally():
    form = _Form({"phone": "12"})
    assert not form.is_valid()
    assert "numéro de téléphone valide" in form.errors["phone"][0]
    assert 'value="0692 12 34 56"' in str(_Form(initial={"phone": "+262692123456"})["phone"])


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("06 39 98 12 34", "+33639981234"),  # fictional block: possible, never assigned
        ("+33 7 00 00 00 01", "+33700000001"),  # a block assigned after the library's release
    ],
)
def test_possible_but_unassigned_mobiles_are_kept_as_mobiles(raw, e164):
    # The roster import stores them and the SMS creation form reads the parent's typing the same
    # way, so the family is still found by its mobile.
    assert phone_e164(raw) == e164
    assert normalize_phone(raw).is_mobile
    form = _Form({"phone": raw})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == e164


def test_a_possible_landline_is_not_a_mobile():
    assert normalize_phone("01 99 00 12 34").is_mobile is False


@pytest.mark.parametrize("raw", ["0000000000", "06 1", "+33 6 12"])
def test_impossible_numbers_stay_none(raw):
    assert phone_e164(raw) is None
