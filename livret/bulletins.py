"""The bulletins of a class, a level or the whole establishment as one PDF for the secretariat
(``BulletinBatch``), like the letter batches of ``activation``: asked for in the admin, generated
by a Celery task with progress, the file written privately (``livret.conf.bulletins_dir``, 0600,
never served directly), downloadable by the staff of the establishment until it expires, then
deleted by the daily sweep (``livret.retention``).

Only **locked** bilans go in: a bilan in preparation is never printed."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.jobs import job_claim, job_fail
from accounts.models import Division, Establishment, User
from core.private_files import private_file_create, private_file_found
from core.schoolyear import school_year_label
from evaluations.models import Period

from . import conf
from . import messages as texts
from .bulletin_selectors import bulletin_bilans_by_id, bulletin_bilans_count, bulletin_print_order
from .models import Bilan, BulletinBatch
from .pdf import bulletins_pdf

logger = logging.getLogger(__name__)


def period_label(period: Period) -> str:
    """« 1er trimestre 2026-2027 »."""
    return f"{period} {school_year_label(period.school_year)}"


# --- Asking for a batch (admin) -----------------------------------------------------------------


def scope_names(scope: str, *, division_code: str = "", level: str = "") -> tuple[str, str]:
    """What a batch prints: its label (« Niveau 6e ») and how a sentence names it (« le niveau
    6e »)."""
    if scope == BulletinBatch.Scope.DIVISION:
        return (
            texts.BULLETINS_LABEL_DIVISION.format(division=division_code),
            texts.BULLETINS_SCOPE_DIVISION.format(division=division_code),
        )
    if scope == BulletinBatch.Scope.LEVEL:
        shown = Division.Level(level).label
        return (
            texts.BULLETINS_LABEL_LEVEL.format(level=shown),
            texts.BULLETINS_SCOPE_LEVEL.format(level=shown),
        )
    return texts.BULLETINS_LABEL_SCHOOL, texts.BULLETINS_SCOPE_SCHOOL


LEVELS = {code for code, _ in Division.Level.choices if code}


@transaction.atomic
def bulletin_batch_create(
    *,
    establishment: Establishment,
    period: Period | None,
    created_by: User | None,
    scope: str = BulletinBatch.Scope.DIVISION,
    division: Division | None = None,
    level: str = "",
) -> BulletinBatch:
    """A batch for a class, a level (6e to 3e) or every class of the establishment, refused
    without anything written when the scope holds no locked bilan of the period."""
    if scope == BulletinBatch.Scope.DIVISION:
        if division is None or division.establishment_id != establishment.pk:
            raise ValidationError({"division": texts.BULLETINS_DIVISION_ELSEWHERE})
        level = ""
    elif scope == BulletinBatch.Scope.LEVEL:
        if level not in LEVELS:
            raise ValidationError({"level": texts.BULLETINS_LEVEL_REQUIRED})
        division = None
    elif scope == BulletinBatch.Scope.SCHOOL:
        division, level = None, ""
    else:
        raise ValidationError({"scope": texts.BULLETINS_SCOPE_UNKNOWN})
    if period is None or period.establishment_id != establishment.pk:
        raise ValidationError({"period": texts.BULLETINS_PERIOD_ELSEWHERE})
    division_code = division.code if division is not None else ""
    label, named = scope_names(scope, division_code=division_code, level=level)
    when = period_label(period)
    total = bulletin_bilans_count(establishment.pk, period, division=division, level=level)
    if not total:
        raise ValidationError(texts.BULLETINS_NOTHING.format(scope=named, period=when))
    batch = BulletinBatch(
        establishment=establishment,
        scope=scope,
        scope_label=label,
        division=division,
        division_code=division_code,
        level=level,
        period=period,
        period_label=when,
        total=total,
        created_by=created_by,
    )
    batch.full_clean()
    batch.save()
    audit_record(
        action=AuditAction.LIVRET_BULLETINS_REQUESTED,
        actor=created_by,
        target=batch,
        establishment=establishment,
        details={"scope": scope, "label": label, "period": when, "bilans": total},
    )
    _queue_batch(batch.pk)
    return batch


def _queue_batch(batch_id: int) -> None:
    from .tasks import bulletin_batch_generate as bulletin_batch_generate_task

    transaction.on_commit(lambda: bulletin_batch_generate_task.delay(batch_id))


# --- Running a batch (Celery) -------------------------------------------------------------------


def _bilans_in_chunks(ids: list[int], establishment: Establishment) -> Iterator[Bilan]:
    """The bilans in the order of ``ids``, read ``conf.BULLETIN_CHUNK`` at a time with their
    subjects: a whole school is drawn without holding its 600 bilans in memory at once."""
    for start in range(0, len(ids), conf.BULLETIN_CHUNK):
        for bilan in bulletin_bilans_by_id(ids[start : start + conf.BULLETIN_CHUNK]):
            bilan.establishment = establishment  # every page's header, without a query each
            yield bilan


def bulletin_batch_run(*, batch_id: int) -> BulletinBatch:
    batch = BulletinBatch.objects.select_related("establishment", "division", "period").get(
        pk=batch_id
    )
    if not job_claim(batch):
        return batch  # a duplicate task: the batch already ran or is running
    rows = BulletinBatch.objects.filter(pk=batch.pk)
    try:
        gone = batch.scope == BulletinBatch.Scope.DIVISION and batch.division is None
        if gone or batch.period is None:
            return _fail(batch, texts.BULLETINS_CLASS_GONE)
        ids = bulletin_print_order(
            batch.establishment_id, batch.period, division=batch.division, level=batch.level
        )
        if not ids:
            _, named = scope_names(
                batch.scope, division_code=batch.division_code, level=batch.level
            )
            return _fail(
                batch, texts.BULLETINS_NOTHING.format(scope=named, period=batch.period_label)
            )
        rows.update(total=len(ids))
        path, drawn = _pdf_write(batch, _bilans_in_chunks(ids, batch.establishment))
        now = timezone.now()
        try:
            rows.update(
                status=BulletinBatch.Status.DONE,
                processed=drawn,
                total=drawn,
                pdf_path=path.name,
                pdf_expires_at=now + conf.bulletin_pdf_retention(),
                finished_at=now,
            )
        except Exception:
            path.unlink(missing_ok=True)
            raise
    except Exception as exc:
        logger.exception("Échec du lot de bulletins %s", batch.pk)
        _fail(batch, f"{type(exc).__name__}: {exc}")
        raise
    batch.refresh_from_db()
    return batch


def _fail(batch: BulletinBatch, error: str) -> BulletinBatch:
    job_fail(batch, error)
    batch.refresh_from_db()
    return batch


def _pdf_write(batch: BulletinBatch, bilans: Iterable[Bilan]) -> tuple[Path, int]:
    """Writes the PDF; returns its path and the number of bulletins drawn."""
    drawn = 0

    def progress(done: int) -> None:
        nonlocal drawn
        drawn = done
        # One UPDATE every few pupils: the bar moves without a query per page.
        if done % conf.BULLETIN_PROGRESS_EVERY == 0:
            BulletinBatch.objects.filter(pk=batch.pk).update(processed=done)

    # A private file: it holds the bulletins of a class or of a whole school.
    with private_file_create(conf.bulletins_dir(), f"bulletins-{batch.pk}") as (path, stream):
        bulletins_pdf(
            bilans,
            stream,
            title=f"Bulletins — {batch.scope_label} — {batch.period_label}",
            author=batch.establishment.name,
            progress=progress,
        )
    return path, drawn


# --- Downloading and deleting the PDF -----------------------------------------------------------


def bulletin_batch_pdf_path(batch: BulletinBatch) -> Path | None:
    if not batch.pdf_available:
        return None
    return private_file_found(conf.bulletins_dir(), batch.pdf_path)


def bulletin_batch_pdf_downloaded(
    *, batch: BulletinBatch, actor: User, ip_address: str | None
) -> None:
    audit_record(
        action=AuditAction.LIVRET_BULLETINS_DOWNLOADED,
        actor=actor,
        target=batch,
        establishment=batch.establishment,
        ip_address=ip_address,
    )


def bulletin_batch_pdf_delete(
    *, batch: BulletinBatch, actor: User | None = None, ip_address: str | None = None
) -> None:
    """Removes the file (the secretariat after printing, or the sweep once expired: no actor)."""
    if batch.pdf_path:
        (conf.bulletins_dir() / batch.pdf_path).unlink(missing_ok=True)
    BulletinBatch.objects.filter(pk=batch.pk, pdf_deleted_at__isnull=True).update(
        pdf_deleted_at=timezone.now()
    )
    if actor is not None:
        audit_record(
            action=AuditAction.LIVRET_BULLETINS_DELETED,
            actor=actor,
            target=batch,
            establishment=batch.establishment,
            ip_address=ip_address,
        )
