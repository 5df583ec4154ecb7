"""What the livret erases (registered in ``LivretConfig.ready``). A **locked** bilan (périodique
or de fin de cycle) is part of
the pupil's schooling: it is kept as long as the pupil is at the establishment, and one year
after they leave (the receiving school and the family may ask for it; the national LSU holds its
own copy), then erased. A bilan never locked is a draft: it goes with the marks it was written
from, at the end of the school year after its own (``evaluations.conf``).

A class's bulletins PDF (``BulletinBatch``) is deleted once expired (``livret.conf``, 72 hours by
default), files left without their batch by age; the batches themselves after 90 days."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.jobs import expired_pdfs
from core.private_files import private_files_older_delete
from core.retention import RetentionRule, delete_in_batches
from core.schoolyear import school_year_of
from evaluations import conf as notes_conf

from . import conf
from .models import Bilan, BilanSubject, BulletinBatch, CycleBilan

KEPT_AFTER_LEAVING_DAYS = 365


def _left_before(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now) - datetime.timedelta(days=KEPT_AFTER_LEAVING_DAYS)


def _oldest_draft_year(now: datetime.datetime) -> int:
    return school_year_of(timezone.localdate(now)) - notes_conf.kept_school_years()


def _lines(now: datetime.datetime) -> int:
    return delete_in_batches(
        BilanSubject.objects.filter(bilan__pupil__left_on__lt=_left_before(now))
    ) + delete_in_batches(
        BilanSubject.objects.filter(
            bilan__locked_at__isnull=True, bilan__school_year__lt=_oldest_draft_year(now)
        )
    )


def _bilans(now: datetime.datetime) -> int:
    return delete_in_batches(
        Bilan.objects.filter(pupil__left_on__lt=_left_before(now))
    ) + delete_in_batches(
        Bilan.objects.filter(locked_at__isnull=True, school_year__lt=_oldest_draft_year(now))
    )


def _cycle_bilans(now: datetime.datetime) -> int:
    return delete_in_batches(
        CycleBilan.objects.filter(pupil__left_on__lt=_left_before(now))
    ) + delete_in_batches(
        CycleBilan.objects.filter(locked_at__isnull=True, school_year__lt=_oldest_draft_year(now))
    )


def _bulletin_pdfs(now: datetime.datetime) -> int:
    from .bulletins import bulletin_batch_pdf_delete

    count = 0
    for batch in expired_pdfs(BulletinBatch, now):
        bulletin_batch_pdf_delete(batch=batch)
        count += 1
    # Orphans (a batch whose last write failed after the file was written): by age.
    private_files_older_delete(conf.bulletins_dir(), conf.bulletin_pdf_retention())
    return count


def _bulletin_batches(now: datetime.datetime) -> int:
    # After _bulletin_pdfs (order): the files of these batches expired long before.
    return delete_in_batches(
        BulletinBatch.objects.filter(
            created_at__lt=now - datetime.timedelta(days=conf.BULLETIN_BATCH_KEPT_DAYS)
        )
    )


RULES = [
    RetentionRule(
        key="livret_matieres",
        description="matières des bilans périodiques, un an après le départ de l'élève "
        "(brouillons jamais verrouillés : avec les notes)",
        run=_lines,
        order=82,
    ),
    RetentionRule(
        key="livret_bilans",
        description="bilans périodiques, un an après le départ de l'élève (brouillons jamais "
        "verrouillés : avec les notes)",
        run=_bilans,
        order=83,
    ),
    RetentionRule(
        key="livret_bilans_cycle",
        description="bilans de fin de cycle, un an après le départ de l'élève (brouillons "
        "jamais verrouillés : avec les notes)",
        run=_cycle_bilans,
        order=84,
    ),
    RetentionRule(
        key="livret_bulletins_pdf",
        description="PDF des lots de bulletins (secrétariat) : supprimés 72 heures après "
        "leur génération (LIVRET_BULLETIN_PDF_HOURS)",
        run=_bulletin_pdfs,
        order=85,
    ),
    RetentionRule(
        key="livret_lots_bulletins",
        description="lots de bulletins (périmètre, période, demandeur) : supprimés 90 "
        "jours après la demande",
        run=_bulletin_batches,
        order=86,
    ),
]
