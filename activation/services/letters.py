"""Letter batches: choose the recipients, draw and hash passwords, write the PDF, revoke old letters.

A batch runs in two phases so that a failure never leaves families with a dead letter:
1. outside any transaction, the passwords are drawn and hashed (the slow part, with progress);
2. in one transaction, accounts are created or reset, previous letters revoked, new letters
   written, the PDF saved and the optional mails put in the outbox. Either all of it happens or
   nothing does, and the PDF is the only place the plain passwords ever exist.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.jobs import job_claim, job_fail
from accounts.models import Division, Establishment, GuardianLink, Pupil, User
from core.private_files import private_file_found

from .. import conf
from .. import messages as texts
from ..models import LetterBatch
from ..passwords import temp_password_generate, temp_passwords_hash
from .letter_commit import letter_batch_commit
from .letter_targets import batch_targets

logger = logging.getLogger(__name__)

PROGRESS_CHUNK = 64
# States in which a batch may (re)issue a letter without an explicit reset.
REISSUABLE_STATES = frozenset({User.State.PROVISIONAL})
# An expired account (swept, or set so by hand) counts as no account: the roster record keeps
# pointing at it until the purge, and a new letter gives the person a fresh account.
DEAD_STATES = frozenset({User.State.EXPIRED})


# --- Creating a batch (admin) -------------------------------------------------------------------


@transaction.atomic
def letter_batch_create(
    *,
    establishment: Establishment,
    created_by: User | None,
    scope: str,
    division: Division | None = None,
    level: str = "",
    pupils: Iterable[Pupil] = (),
    include_pupils: bool = True,
    include_guardians: bool = True,
    send_email: bool = False,
) -> LetterBatch:
    pupil_ids = sorted({p.pk for p in pupils})
    if scope == LetterBatch.Scope.DIVISION:
        if division is None or division.establishment_id != establishment.pk:
            raise ValidationError({"division": texts.BATCH_DIVISION_REQUIRED})
        label = texts.batch_label_division(division.code)
    elif scope == LetterBatch.Scope.LEVEL:
        if level not in {c for c, _ in Division.Level.choices if c}:
            raise ValidationError({"level": texts.BATCH_LEVEL_REQUIRED})
        label = texts.batch_label_level(Division.Level(level).label)
    elif scope == LetterBatch.Scope.SELECTION:
        if not pupil_ids:
            raise ValidationError({"pupils": texts.BATCH_PUPILS_REQUIRED})
        if Pupil.objects.filter(pk__in=pupil_ids).exclude(establishment=establishment).exists():
            raise ValidationError({"pupils": texts.BATCH_PUPIL_ELSEWHERE})
        label = texts.batch_label_selection(len(pupil_ids))
    elif scope == LetterBatch.Scope.SCHOOL:
        label = texts.batch_label_school()
    else:
        raise ValidationError({"scope": texts.BATCH_SCOPE_UNKNOWN})
    if not (include_pupils or include_guardians):
        raise ValidationError(texts.BATCH_NO_LETTER_KIND)
    batch = LetterBatch(
        establishment=establishment,
        created_by=created_by,
        scope=scope,
        scope_label=label,
        division=division if scope == LetterBatch.Scope.DIVISION else None,
        level=level if scope == LetterBatch.Scope.LEVEL else "",
        pupil_ids=pupil_ids if scope == LetterBatch.Scope.SELECTION else [],
        include_pupils=include_pupils,
        include_guardians=include_guardians,
        send_email=send_email,
    )
    batch.full_clean()
    batch.save()
    audit_record(
        action=AuditAction.LETTERS_BATCH_REQUESTED,
        actor=created_by,
        target=batch,
        establishment=establishment,
        details={"scope": scope, "label": label, "send_email": send_email},
    )
    _queue_batch(batch.pk)
    return batch


@transaction.atomic
def accounts_reset_request(
    *, establishment: Establishment, accounts: Sequence[User], requested_by: User | None
) -> LetterBatch:
    """ "Réinitialiser le compte": a new letter for each child of each account, old passwords dead."""
    pairs = _reset_pairs(establishment, accounts)
    if not pairs:
        raise ValidationError(texts.RESET_NOBODY_ATTACHED)
    batch = LetterBatch(
        establishment=establishment,
        created_by=requested_by,
        scope=LetterBatch.Scope.RESET,
        scope_label=texts.batch_label_reset(len({p[0] for p in pairs})),
        reset_pairs=pairs,
    )
    batch.full_clean()
    batch.save()
    audit_record(
        action=AuditAction.LETTERS_RESET_REQUESTED,
        actor=requested_by,
        target=batch,
        establishment=establishment,
        details={"accounts": sorted({p[0] for p in pairs})},
    )
    _queue_batch(batch.pk)
    return batch


def _reset_pairs(establishment: Establishment, accounts: Sequence[User]) -> list[list]:
    account_ids = [a.pk for a in accounts]
    pairs: list[list] = []
    for pupil in Pupil.objects.filter(
        establishment=establishment, account_id__in=account_ids
    ).order_by("pk"):
        pairs.append([pupil.account_id, pupil.pk, None])
    links = (
        GuardianLink.objects.filter(
            guardian__establishment=establishment,
            guardian__account_id__in=account_ids,
            level=GuardianLink.Level.LEGAL,
        )
        .select_related("guardian")
        .order_by("pk")
    )
    for link in links:
        pairs.append([link.guardian.account_id, link.pupil_id, link.guardian_id])
    return pairs


def _queue_batch(batch_id: int) -> None:
    from ..tasks import letter_batch_generate as letter_batch_generate_task

    transaction.on_commit(lambda: letter_batch_generate_task.delay(batch_id))


# --- Running a batch (Celery) -------------------------------------------------------------------


def letter_batch_run(*, batch_id: int) -> LetterBatch:
    batch = LetterBatch.objects.select_related("establishment", "division", "created_by").get(
        pk=batch_id
    )
    if not job_claim(batch):
        return batch  # a duplicate task: the batch already ran or is running
    try:
        targets, skipped = batch_targets(batch)
        LetterBatch.objects.filter(pk=batch.pk).update(total=len(targets))
        # Phase 1: passwords and hashes, with progress, no transaction held open.
        for start in range(0, len(targets), PROGRESS_CHUNK):
            chunk = targets[start : start + PROGRESS_CHUNK]
            for target in chunk:
                target.password = temp_password_generate()
            for target, encoded in zip(
                chunk, temp_passwords_hash(t.password for t in chunk), strict=True
            ):
                target.password_hash = encoded
            LetterBatch.objects.filter(pk=batch.pk).update(processed=start + len(chunk))
        # Phase 2: everything that must happen together.
        letter_batch_commit(batch, targets, skipped)
    except Exception as exc:
        logger.exception("Échec du lot de courriers %s", batch.pk)
        job_fail(batch, f"{type(exc).__name__}: {exc}")
        raise
    batch.refresh_from_db()
    return batch


# --- Downloading and deleting the PDF -----------------------------------------------------------


def letter_batch_pdf_path(batch: LetterBatch) -> Path | None:
    return private_file_found(conf.letters_dir(), batch.pdf_path) if batch.pdf_available else None


def letter_batch_pdf_delete(*, batch: LetterBatch) -> None:
    if batch.pdf_path:
        (conf.letters_dir() / batch.pdf_path).unlink(missing_ok=True)
    LetterBatch.objects.filter(pk=batch.pk).update(pdf_deleted_at=timezone.now())


def letter_batch_pdf_downloaded(*, batch: LetterBatch) -> None:
    """Marks the batch's letters as printed (the dashboard's count) at the first download."""
    LetterBatch.objects.filter(pk=batch.pk, pdf_downloaded_at__isnull=True).update(
        pdf_downloaded_at=timezone.now()
    )
