"""Phone numbers as SIECLE holds them (``+33612345678``, ``06 12 34 56 78``, ``06.12.34.56.78``…)."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

# Numbers of the overseas départements are written nationally (0262…, 0690…) and are not valid
# under region FR alone.
_FALLBACK_REGIONS = ("RE", "GP", "MQ", "GF", "YT", "PM")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


@dataclass(frozen=True)
class Phone:
    e164: str
    is_mobile: bool


def normalize_phone(raw: str) -> Phone | None:
    """The number in E.164, or None when it is not a valid number (empty input included)."""
    raw = raw.strip()
    if not raw:
        return None
    for region in ("FR", *_FALLBACK_REGIONS):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return Phone(
                e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                is_mobile=phonenumbers.number_type(number) in _MOBILE_TYPES,
            )
        if raw.startswith(("+", "00")):
            return None
    return None
