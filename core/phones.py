"""Phone numbers, whoever types them: the roster (``+33612345678``, ``06 12 34 56 78``,
``06.12.34.56.78``), a parent on a form, the secretariat.

Numbers of the overseas départements are written nationally (0262…, 0692…) and are not valid
under region FR alone: each reading tries FR, then the overseas regions, so a Réunion mobile typed
"0692 12 34 56" is the same ``+262692123456`` the roster import stored.

A number the library does not know as assigned (fictional blocks such as 06 39 98…, or blocks
opened after its release) is still kept when it is *possible* (right length for its country):
throwing it away would cut a family off SMS account creation. Only impossible numbers are None.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

FALLBACK_REGIONS = ("RE", "GP", "MQ", "GF", "YT", "PM")
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


@dataclass(frozen=True)
class Phone:
    e164: str
    is_mobile: bool


def _is_possible(number: phonenumbers.PhoneNumber) -> bool:
    # A national number starting with 0 (e.g. "0000000000") has the right length but no meaning.
    return phonenumbers.is_possible_number(number) and not phonenumbers.national_significant_number(
        number
    ).startswith("0")


def _parse(raw: str) -> phonenumbers.PhoneNumber | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    first: phonenumbers.PhoneNumber | None = None
    for region in ("FR", *FALLBACK_REGIONS):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
        first = first or number
        if raw.startswith(("+", "00")):
            break  # international form: the region played no part
    # No region knows it as assigned: keep the first reading (FR for a national spelling) when
    # it is at least possible, so "0692…" still goes to La Réunion above when it is assigned.
    return first if first is not None and _is_possible(first) else None


def _is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN and number.country_code == 33:
        # Unassigned for the library but in the French mobile ranges (06, 07).
        return phonenumbers.national_significant_number(number)[:1] in {"6", "7"}
    return kind in _MOBILE_TYPES


def normalize_phone(raw: str | None) -> Phone | None:
    """The number in E.164, or None when it is not a possible number (empty input included)."""
    number = _parse(raw or "")
    if number is None:
        return None
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        is_mobile=_is_mobile(number),
    )


def phone_e164(raw: str | None) -> str | None:
    phone = normalize_phone(raw)
    return phone.e164 if phone else None


def phone_display(value: object) -> str:
    """How a stored number is shown in a form: nationally for France and its overseas
    départements ("06 12 34 56 78", "0692 12 34 56"), internationally otherwise."""
    text = str(value or "").strip()
    if not text:
        return ""
    number = _parse(text)
    if number is None:
        return text
    region = phonenumbers.region_code_for_number(number)
    if region in ("FR", *FALLBACK_REGIONS):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
