"""One normalisation of people's names and of short codes, used by every comparison.

The roster writes "LEBŒUF", the parent types "Leboeuf", FranceConnect says "Lebœuf": all three
must be the same name for identifiers, SMS account creation, FranceConnect matching, the merge
check and the emergency access. Each of them goes through this module, never through a copy.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_LETTER = re.compile(r"[^a-z]")


def fold(value: str | None) -> str:
    """Lower case, ligatures spelled out, accents removed: "Lebœuf-D'Éon" → "leboeuf-d'eon"."""
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def normalize_name(value: str | None) -> str:
    """Words of a name, folded: "Éléonore-Marie  D'ARC" → "eleonore marie d arc".

    Hyphens, apostrophes (straight or curly), dots and spaces all separate words."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(value)).split())


def name_key(value: str | None) -> str:
    """A name reduced to its letters: "Lebœuf-D'Almeida" → "leboeufdalmeida". Two spellings of
    one name have the same key, whatever their spaces, hyphens, apostrophes or accents."""
    return _NOT_LETTER.sub("", fold(value))


def same_name(typed: str, *recorded: str) -> bool:
    """``typed`` is one of the ``recorded`` names (empty names never match)."""
    wanted = name_key(typed)
    return bool(wanted) and any(wanted == name_key(name) for name in recorded if name)


def code_key(value: str | None) -> str:
    """A short code as people type it: "5 B", "5b", "5-b" → "5b"."""
    return _NOT_ALNUM.sub("", fold(value))
