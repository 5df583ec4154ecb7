"""What the démarches erase (registered in ``DemarchesConfig.ready``): a decided bourse request
keeps its avis d'imposition and its bank details for ``conf.bourse_keep_after_decision()``, then
the daily sweep erases them (the decision itself stays with the request, as the school's record);
an orientation file is deleted once its school year ended ``conf.orientation_keep_after_year()``
ago."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage

from accounts.audit import AuditAction, audit_record
from core.retention import RetentionRule

from . import conf
from .models import BourseRequest, OrientationFile


def _erase_decided_documents(now: datetime.datetime) -> int:
    due = BourseRequest.objects.filter(
        status__in=(BourseRequest.State.ACCEPTED, BourseRequest.State.REFUSED),
        decided_at__lt=now - conf.bourse_keep_after_decision(),
        documents_erased_at__isnull=True,
    )
    rows = list(due.values_list("pk", "document"))
    if not rows:
        return 0
    BourseRequest.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        document="",
        document_name="",
        document_type="",
        iban="",
        bic="",
        account_holder="",
        documents_erased_at=now,
    )
    documents = [name for _, name in rows if name]
    for name in documents:
        default_storage.delete(name)
    audit_record(
        action=AuditAction.BOURSE_DOCUMENTS_ERASED,
        details={"requests": len(rows), "documents": len(documents)},
    )
    return len(documents)


def orientation_expired_years(now: datetime.datetime) -> int:
    """The latest school year whose orientation files are due: its year ended (31 August) more
    than the keeping time ago."""
    today = now.date()
    year = today.year - 1
    while datetime.date(year + 1, 8, 31) + conf.orientation_keep_after_year() >= today:
        year -= 1
    return year


def _erase_old_orientation_files(now: datetime.datetime) -> int:
    due = OrientationFile.objects.filter(campaign__school_year__lte=orientation_expired_years(now))
    count = due.count()
    if not count:
        return 0
    due.delete()
    audit_record(action=AuditAction.ORIENTATION_ERASED, details={"files": count})
    return count


RULES = [
    RetentionRule(
        key="bourse_pieces_apres_decision",
        description="demandes de bourse : avis d'imposition et coordonnées bancaires supprimés "
        "après le délai de conservation suivant la décision (CARTABLE_BOURSE_KEEP_DAYS, 365 jours "
        "par défaut) ; la décision reste",
        run=_erase_decided_documents,
    ),
    RetentionRule(
        key="orientation_apres_annee",
        description="dossiers d'orientation supprimés après la fin de leur année scolaire (31 "
        "août) et le délai de conservation (CARTABLE_ORIENTATION_KEEP_DAYS, 365 jours par défaut)",
        run=_erase_old_orientation_files,
    ),
]
