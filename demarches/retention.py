"""What the démarches erase (registered in ``DemarchesConfig.ready``): a decided bourse request
keeps its avis d'imposition and its bank details for ``conf.bourse_keep_after_decision()``, then
the daily sweep erases them (the decision itself stays with the request, as the school's record)."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage

from accounts.audit import AuditAction, audit_record
from core.retention import RetentionRule

from . import conf
from .models import BourseRequest


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


RULES = [
    RetentionRule(
        key="bourse_pieces_apres_decision",
        description="demandes de bourse : avis d'imposition et coordonnées bancaires supprimés "
        "après le délai de conservation suivant la décision (CARTABLE_BOURSE_KEEP_DAYS, 365 jours "
        "par défaut) ; la décision reste",
        run=_erase_decided_documents,
    ),
]
