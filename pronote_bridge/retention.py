"""What the Pronote bridge erases (registered in ``PronoteBridgeConfig.ready``)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef

from accounts.models import Guardian, Pupil, StaffMember, current_pupil_q
from core.retention import RetentionRule, delete_in_batches

from . import conf
from .models import PronoteEntLink, PronoteImport


def _forget_links_of_leavers(now: datetime.datetime) -> int:
    here = {"account_id": OuterRef("user_id"), "establishment_id": OuterRef("establishment_id")}
    pupil = Pupil.objects.filter(current_pupil_q(today=now.date()), **here)
    guardian = Guardian.objects.filter(left_on__isnull=True, **here)
    member = StaffMember.objects.filter(left_on__isnull=True, **here)
    return delete_in_batches(
        PronoteEntLink.objects.filter(~Exists(pupil), ~Exists(guardian), ~Exists(member))
    )


def _forget_imports(now: datetime.datetime) -> int:
    return delete_in_batches(
        PronoteImport.objects.filter(created_at__lt=now - conf.import_retention())
    )


RULES = [
    RetentionRule(
        key="identifiants_pronote_ent",
        description="identifiants PRONOTE-ENT : avec le compte, et dès que le compte n'a plus de "
        "fiche en cours dans l'établissement (élève sorti, responsable ou personnel parti)",
        run=_forget_links_of_leavers,
    ),
    RetentionRule(
        key="imports_pronote_ent",
        description="bilans d'import des identifiants PRONOTE-ENT et leurs lignes à traiter "
        "(noms, dates de naissance) : 365 jours après l'import",
        run=_forget_imports,
    ),
]
