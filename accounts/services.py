"""Writes of the accounts app: the SIECLE / STS roster import and the establishment it targets."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Sequence

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from core import notices

from . import conf, messages
from .audit import AuditAction, audit_record
from .models import Establishment, NoticeOptOut, RosterImport, User
from .roster import siecle
from .roster.importer import apply_exports, check_headers, total_rows
from .roster_version import roster_changed

logger = logging.getLogger(__name__)

ACADEMIES = {
    "01": "Paris",
    "02": "Aix-Marseille",
    "03": "Besançon",
    "04": "Bordeaux",
    "05": "Caen",
    "06": "Clermont-Ferrand",
    "07": "Dijon",
    "08": "Grenoble",
    "09": "Lille",
    "10": "Lyon",
    "11": "Montpellier",
    "12": "Nancy-Metz",
    "13": "Poitiers",
    "14": "Rennes",
    "15": "Strasbourg",
    "16": "Toulouse",
    "17": "Nantes",
    "18": "Orléans-Tours",
    "19": "Reims",
    "20": "Amiens",
    "21": "Rouen",
    "22": "Limoges",
    "23": "Nice",
    "24": "Créteil",
    "25": "Versailles",
    "27": "Corse",
    "28": "La Réunion",
    "31": "Martinique",
    "32": "Guadeloupe",
    "33": "Guyane",
    "43": "Mayotte",
    "70": "Normandie",
}
PROGRESS_TIMEOUT = 6 * 3600


def roster_import_progress_key(roster_import_id: int) -> str:
    return f"roster-import:{roster_import_id}:progress"


def _max_bytes() -> int:
    return conf.import_max_bytes()


def _check_size(name: str, size: int) -> None:
    """Refuses an upload over the limit before anything parses or decompresses it."""
    limit = _max_bytes()
    if size > limit:
        raise ValidationError(
            messages.file_too_large(name, size // (1024 * 1024), limit // (1024 * 1024))
        )


def _parse(name: str, content: bytes) -> list[siecle.Export]:
    try:
        return siecle.parse_upload(name, content)
    except siecle.RosterFileError as exc:
        raise ValidationError(exc.message) from exc


def bundle_files(files: Sequence[tuple[str, bytes]]) -> tuple[str, bytes]:
    """Several files become one zip (what the importer reads); a single file stays as it is."""
    if len(files) == 1:
        return files[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name.rsplit("/", 1)[-1], content)
    return "import_siecle.zip", buffer.getvalue()


@transaction.atomic
def roster_import_create(
    *,
    establishment: Establishment,
    name: str,
    content: bytes,
    actor: User | None,
    enqueue: bool = True,
) -> RosterImport:
    """Checks an upload (size, zip or XML, known exports, establishment and school year), stores
    it, and queues the import. Bad files raise a French ValidationError and store nothing."""
    _check_size(name, len(content))
    try:
        headers = siecle.inspect_upload(name, content)
    except siecle.RosterFileError as exc:
        raise ValidationError(exc.message) from exc
    check_headers(establishment, headers)
    roster_import = RosterImport(
        establishment=establishment,
        original_name=name[:255],
        created_by=actor if actor is not None and actor.pk else None,
    )
    roster_import.file.save(name.rsplit("/", 1)[-1][:100], ContentFile(content), save=False)
    roster_import.full_clean()
    roster_import.save()
    audit_record(
        action=AuditAction.ROSTER_IMPORT_UPLOADED,
        actor=actor,
        target=roster_import,
        establishment=establishment,
        details={"file": name, "kinds": [header.kind for header in headers]},
    )
    if enqueue:
        from .tasks import roster_import_run_task

        transaction.on_commit(lambda: roster_import_run_task.delay(roster_import.pk))
    return roster_import


def _discard_file(roster_import: RosterImport) -> None:
    """The export holds families' addresses and phones: once imported (or refused) it has no use
    on the server any more. The report stays."""
    if roster_import.file:
        roster_import.file.delete(save=False)
        roster_import.save(update_fields=["file"])


def _mark_failed(roster_import: RosterImport, message: str | Promise) -> None:
    roster_import.status = RosterImport.Status.FAILED
    roster_import.error = str(message)
    roster_import.finished_at = timezone.now()
    roster_import.save(update_fields=["status", "error", "finished_at"])
    cache.delete(roster_import_progress_key(roster_import.pk))
    _discard_file(roster_import)


def roster_import_mark_failed(*, roster_import_id: int, message: str | Promise) -> None:
    roster_import = RosterImport.objects.get(pk=roster_import_id)
    if roster_import.status != RosterImport.Status.DONE:
        _mark_failed(roster_import, message)


def roster_import_run(*, roster_import_id: int) -> RosterImport:
    """Runs a stored import: pending → running → done (with its report) or failed (French error).

    The roster is changed in one transaction: a refused or failed import changes nothing. The
    progress is written every ~100 rows on the RosterImport row and, because other connections
    cannot see that row before the commit, in the cache too (read by ``roster_import_progress``).
    A database error (OperationalError) is re-raised, the import back to pending, for the task
    to retry.
    """
    roster_import = RosterImport.objects.select_related("establishment", "created_by").get(
        pk=roster_import_id
    )
    return _roster_import_execute(roster_import)


def _roster_import_execute(
    roster_import: RosterImport, exports: list[siecle.Export] | None = None
) -> RosterImport:
    # ``exports`` given when the caller has just parsed the file (command, load_demo).
    if roster_import.status in (RosterImport.Status.DONE, RosterImport.Status.FAILED):
        return roster_import
    roster_import.status = RosterImport.Status.RUNNING
    roster_import.started_at = timezone.now()
    roster_import.processed = 0
    roster_import.error = ""
    roster_import.save(update_fields=["status", "started_at", "processed", "error"])
    key = roster_import_progress_key(roster_import.pk)
    try:
        if exports is None:
            with roster_import.file.open("rb") as handle:
                exports = _parse(roster_import.original_name, handle.read())
        roster_import.total = total_rows(exports)
        roster_import.save(update_fields=["total"])
        cache.set(key, (0, roster_import.total), PROGRESS_TIMEOUT)

        def progress(processed: int) -> None:
            roster_import.processed = min(processed, roster_import.total)
            roster_import.save(update_fields=["processed"])
            cache.set(key, (roster_import.processed, roster_import.total), PROGRESS_TIMEOUT)

        with transaction.atomic():
            # One import at a time per establishment (PostgreSQL row lock; SQLite serialises writes).
            establishment = Establishment.objects.select_for_update().get(
                pk=roster_import.establishment_id
            )
            report = apply_exports(establishment, exports, progress=progress)
            roster_changed()
            roster_import.status = RosterImport.Status.DONE
            roster_import.report = report
            roster_import.processed = roster_import.total
            roster_import.finished_at = timezone.now()
            roster_import.save(update_fields=["status", "report", "processed", "finished_at"])
            audit_record(
                action=AuditAction.ROSTER_IMPORT_DONE,
                actor=roster_import.created_by,
                target=roster_import,
                establishment=establishment,
                details={
                    "counts": report["counts"],
                    "accounts_created": report["accounts_created"],
                    "anomalies": len(report["anomalies"]),
                },
            )
        cache.delete(key)
        _discard_file(roster_import)
    except ValidationError as exc:
        _mark_failed(roster_import, " ".join(exc.messages))
    except OperationalError:
        roster_import.status = RosterImport.Status.PENDING
        roster_import.error = str(messages.IMPORT_DATABASE_RETRYING)
        roster_import.save(update_fields=["status", "error"])
        raise
    except Exception:
        logger.exception("Import SIECLE %s en échec", roster_import.pk)
        _mark_failed(roster_import, messages.IMPORT_UNEXPECTED_ERROR)
    return roster_import


def roster_import_files(
    *, establishment: Establishment, files: Sequence[tuple[str, bytes]], actor: User | None = None
) -> RosterImport:
    """Imports files now, in this process (the command and load_demo): same checks, same run."""
    name, content = bundle_files(files)
    _check_size(name, len(content))
    exports = _parse(name, content)
    roster_import = roster_import_create(
        establishment=establishment, name=name, content=content, actor=actor, enqueue=False
    )
    return _roster_import_execute(roster_import, exports)


def _name_from_sts(denomination: str) -> str:
    words = denomination.strip().title().split()
    if words and words[0] in {"College", "Clg"}:
        words[0] = "Collège"
    return " ".join(words)


@transaction.atomic
def establishment_create_from_files(
    *, uai: str, files: Sequence[tuple[str, bytes]], name: str = "", actor: User | None = None
) -> Establishment:
    """Creates the establishment an export describes (name from STS DENOM_PRINC/DENOM_COMPL unless
    given, school year and académie from the files)."""
    exports: list[siecle.Export] = []
    for file_name, content in files:
        _check_size(file_name, len(content))
        exports += _parse(file_name, content)
    ours = [export for export in exports if export.header.uaj == uai.upper()]
    if not ours:
        raise ValidationError(messages.no_file_for_establishment(uai))
    years = {export.header.school_year for export in ours if export.header.school_year}
    if len(years) != 1:
        raise ValidationError(messages.FILES_OF_SEVERAL_SCHOOL_YEARS)
    sts = next((export for export in ours if isinstance(export, siecle.StsExport)), None)
    name = name.strip() or (_name_from_sts(sts.establishment_name) if sts else "")
    if not name:
        raise ValidationError(messages.ESTABLISHMENT_NAME_NOT_FOUND)
    establishment = Establishment(
        uai=uai.upper(),
        name=name,
        school_year=years.pop(),
        academie=ACADEMIES.get(sts.academie_code.zfill(2), "") if sts and sts.academie_code else "",
    )
    establishment.full_clean()
    establishment.save()
    audit_record(
        action=AuditAction.ESTABLISHMENT_CREATED,
        actor=actor,
        target=establishment,
        establishment=establishment,
    )
    return establishment


@transaction.atomic
def notice_preferences_set(*, user: User, enabled: set[str]) -> None:
    """Keeps the e-mail notices of ``enabled`` on and turns the user's other kinds off."""
    kinds = {kind.key for kind in notices.kinds_for(user.profile)}
    unknown = enabled - kinds
    if unknown:
        raise ValidationError(messages.NOTICE_KIND_UNKNOWN)
    NoticeOptOut.objects.filter(user=user, kind__in=enabled).delete()
    NoticeOptOut.objects.bulk_create(
        [NoticeOptOut(user=user, kind=kind) for kind in sorted(kinds - enabled)],
        ignore_conflicts=True,
    )
