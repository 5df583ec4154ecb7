"""The rules of an orientation file's wishes, as pure functions (the forms and the services both
apply them): at most ``MAX_WISHES`` ranked vœux among the national voies, a specialty for the 2de
professionnelle and the CAP, none for the 2de GT, no gap in the ranking, no vœu twice."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from . import messages as texts
from .models import OrientationFile

MAX_WISHES = 3
VOIES = {value for value, _ in OrientationFile.Voie.choices}
WITH_SPECIALTY = {OrientationFile.Voie.SECONDE_PRO, OrientationFile.Voie.CAP}
AVIS = {value for value, _ in OrientationFile.Avis.choices}


def clean_wishes(rows: list[tuple[str, str]]) -> list[dict]:
    """``rows``: (voie, specialty) per rank, empty voie for an unused rank. Returns the wishes
    to store, or raises a ``ValidationError`` keyed on the form's fields (``voie_2``…)."""
    errors: dict[str, list] = {}
    wishes: list[dict] = []
    seen: set[tuple[str, str]] = set()
    gap_at = None
    for rank, (voie, specialty) in enumerate(rows[:MAX_WISHES], start=1):
        voie, specialty = (voie or "").strip(), " ".join((specialty or "").split())
        if not voie:
            if specialty:
                errors.setdefault(f"voie_{rank}", []).append(texts.VOIE_INVALID)
            elif gap_at is None:
                gap_at = rank
            continue
        if gap_at is not None:
            errors.setdefault(f"voie_{gap_at}", []).append(texts.WISH_GAP.format(rank=gap_at))
            gap_at = None
        if voie not in VOIES:
            errors.setdefault(f"voie_{rank}", []).append(texts.VOIE_INVALID)
            continue
        if voie in WITH_SPECIALTY and not specialty:
            errors.setdefault(f"specialite_{rank}", []).append(texts.SPECIALTY_REQUIRED)
            continue
        if voie not in WITH_SPECIALTY and specialty:
            errors.setdefault(f"specialite_{rank}", []).append(texts.SPECIALTY_NOT_EXPECTED)
            continue
        key = (voie, specialty.casefold())
        if key in seen:
            errors.setdefault(f"voie_{rank}", []).append(texts.WISH_DUPLICATE)
            continue
        seen.add(key)
        wishes.append({"voie": voie, "specialty": specialty[:120], "avis": "", "avis_comment": ""})
    if errors:
        raise ValidationError(errors)
    return wishes
