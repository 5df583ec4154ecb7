"""Letter batches: choose the recipients, draw and hash passwords, write the PDF, revoke old letters.

A batch runs in two phases so that a failure never leaves families with a dead letter:
1. outside any transaction, the passwords are drawn and hashed (the slow part, with progress);
2. in one transaction, accounts are created or reset, previous letters revoked, new letters
   written, the PDF saved and the optional mails put in the outbox. Either all of it happens or
   nothing does, and the PDF is the only place the plain passwords ever exist.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, NewAccount, accounts_provision, accounts_reset
from accounts.models import Division, Establishment, Guardian, GuardianLink, Pupil, User
from core.links import public_reverse, public_url
from outbox.services import attachment, outbox_enqueue_mail

from .. import conf
from ..models import EmailConfirmation, Letter, LetterBatch
from ..passwords import add_months, temp_password_generate, temp_passwords_hash
from ..pdf import PrintedLetter, letters_pdf, letters_pdf_bytes

logger = logging.getLogger(__name__)

PROGRESS_CHUNK = 64
# States in which a batch may (re)issue a letter without an explicit reset.
REISSUABLE_STATES = frozenset({User.State.PROVISIONAL})
# An expired account (swept, or set so by hand) counts as no account: the roster record keeps
# pointing at it until the purge, and a new letter gives the person a fresh account.
DEAD_STATES = frozenset({User.State.EXPIRED})


def first_connection_url() -> str:
    return public_reverse("activation:first_connection_login")


def portal_url() -> str:
    return public_url("/")


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
            raise ValidationError({"division": "Choisissez une classe de l'établissement."})
        label = f"Classe {division.code}"
    elif scope == LetterBatch.Scope.LEVEL:
        if level not in {c for c, _ in Division.Level.choices if c}:
            raise ValidationError({"level": "Choisissez un niveau."})
        label = f"Niveau {Division.Level(level).label}"
    elif scope == LetterBatch.Scope.SELECTION:
        if not pupil_ids:
            raise ValidationError({"pupils": "Sélectionnez au moins un élève."})
        if Pupil.objects.filter(pk__in=pupil_ids).exclude(establishment=establishment).exists():
            raise ValidationError({"pupils": "Un des élèves choisis n'est pas dans l'établissement."})
        label = f"Sélection de {len(pupil_ids)} élève(s)"
    elif scope == LetterBatch.Scope.SCHOOL:
        label = "Tout l'établissement"
    else:
        raise ValidationError({"scope": "Périmètre inconnu."})
    if not (include_pupils or include_guardians):
        raise ValidationError("Choisissez au moins les courriers élèves ou les courriers responsables.")
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
        action=AuditAction.LETTERS_BATCH_REQUESTED, actor=created_by, target=batch, establishment=establishment,
        details={"scope": scope, "label": label, "send_email": send_email},
    )
    _queue_batch(batch.pk)
    return batch


@transaction.atomic
def accounts_reset_request(
    *, establishment: Establishment, accounts: Sequence[User], requested_by: User | None
) -> LetterBatch:
    """"Réinitialiser le compte": a new letter for each child of each account, old passwords dead."""
    pairs = _reset_pairs(establishment, accounts)
    if not pairs:
        raise ValidationError("Aucun élève ou responsable de l'établissement n'est rattaché à ces comptes.")
    batch = LetterBatch(
        establishment=establishment,
        created_by=requested_by,
        scope=LetterBatch.Scope.RESET,
        scope_label=f"Réinitialisation de {len({p[0] for p in pairs})} compte(s)",
        reset_pairs=pairs,
    )
    batch.full_clean()
    batch.save()
    audit_record(
        action=AuditAction.LETTERS_RESET_REQUESTED, actor=requested_by, target=batch, establishment=establishment,
        details={"accounts": sorted({p[0] for p in pairs})},
    )
    _queue_batch(batch.pk)
    return batch


def _reset_pairs(establishment: Establishment, accounts: Sequence[User]) -> list[list]:
    account_ids = [a.pk for a in accounts]
    pairs: list[list] = []
    for pupil in Pupil.objects.filter(establishment=establishment, account_id__in=account_ids).order_by("pk"):
        pairs.append([pupil.account_id, pupil.pk, None])
    links = GuardianLink.objects.filter(
        guardian__establishment=establishment, guardian__account_id__in=account_ids, level=GuardianLink.Level.LEGAL
    ).select_related("guardian").order_by("pk")
    for link in links:
        pairs.append([link.guardian.account_id, link.pupil_id, link.guardian_id])
    return pairs


def _queue_batch(batch_id: int) -> None:
    from ..tasks import letter_batch_generate as letter_batch_generate_task

    transaction.on_commit(lambda: letter_batch_generate_task.delay(batch_id))


# --- Running a batch (Celery) -------------------------------------------------------------------


@dataclass
class _Target:
    kind: str
    pupil: Pupil
    guardian: Guardian | None
    account: User | None
    reset: bool = False
    # The expired account the roster record pointed at, replaced by the new one.
    expired_account: User | None = None
    password: str = ""
    password_hash: str = ""
    letter: Letter | None = field(default=None, repr=False)

    @property
    def person(self) -> Pupil | Guardian:
        return self.guardian or self.pupil

    @property
    def ready_account(self) -> User:
        """The account, once ``_accounts_create_missing`` has given every target one."""
        assert self.account is not None, "the target's account is created before its letter"
        return self.account

    @property
    def saved_letter(self) -> Letter:
        """The letter, once ``_letter_batch_commit`` has created it."""
        assert self.letter is not None, "the target's letter is created before it is mailed"
        return self.letter


def _current_pupils(batch: LetterBatch) -> QuerySet[Pupil]:
    pupils = Pupil.objects.current().filter(establishment=batch.establishment)
    if batch.scope == LetterBatch.Scope.DIVISION:
        pupils = pupils.filter(division=batch.division)
    elif batch.scope == LetterBatch.Scope.LEVEL:
        pupils = pupils.filter(division__level=batch.level)
    elif batch.scope == LetterBatch.Scope.SELECTION:
        pupils = pupils.filter(pk__in=batch.pupil_ids)
    return pupils.select_related("division", "account")


def _live_account(account: User | None) -> tuple[User | None, User | None]:
    """(the account to use, the expired one it replaces): an expired account is no account."""
    if account is not None and account.state in DEAD_STATES:
        return None, account
    return account, None


def _targets(batch: LetterBatch) -> tuple[list[_Target], dict[str, int]]:
    skipped = {"deja_actives": 0}
    targets: list[_Target] = []
    if batch.scope == LetterBatch.Scope.RESET:
        account_ids = {p[0] for p in batch.reset_pairs}
        accounts = User.objects.in_bulk(account_ids)
        pupils_by_id = Pupil.objects.select_related("division").in_bulk({p[1] for p in batch.reset_pairs})
        guardians_by_id = Guardian.objects.in_bulk({p[2] for p in batch.reset_pairs if p[2]})
        for account_id, pupil_id, guardian_id in batch.reset_pairs:
            account, pupil = accounts.get(account_id), pupils_by_id.get(pupil_id)
            if account is None or pupil is None:
                continue
            guardian = guardians_by_id.get(guardian_id) if guardian_id else None
            kind = Letter.Kind.GUARDIAN if guardian else Letter.Kind.PUPIL
            live, expired = _live_account(account)
            targets.append(
                _Target(kind=kind, pupil=pupil, guardian=guardian, account=live, reset=live is not None,
                        expired_account=expired)
            )
        return targets, skipped

    pupils = list(_current_pupils(batch))
    if batch.include_pupils:
        for pupil in pupils:
            account, expired = _live_account(pupil.account)
            if account and account.state not in REISSUABLE_STATES:
                skipped["deja_actives"] += 1
                continue
            targets.append(
                _Target(kind=Letter.Kind.PUPIL, pupil=pupil, guardian=None, account=account, expired_account=expired)
            )
    if batch.include_guardians:
        by_id = {p.pk: p for p in pupils}
        links = (
            GuardianLink.objects.filter(pupil_id__in=by_id, level=GuardianLink.Level.LEGAL)
            .select_related("guardian__account")
            .order_by("pupil_id", "rank", "pk")
        )
        for link in links:
            account, expired = _live_account(link.guardian.account)
            if account and account.state not in REISSUABLE_STATES:
                skipped["deja_actives"] += 1
                continue
            targets.append(
                _Target(kind=Letter.Kind.GUARDIAN, pupil=by_id[link.pupil_id], guardian=link.guardian,
                        account=account, expired_account=expired)
            )

    def sort_key(t: _Target):
        division = t.pupil.division.code if t.pupil.division else ""
        return (t.kind != Letter.Kind.PUPIL, division, t.pupil.display_last_name, t.pupil.first_name, t.pupil.pk)

    targets.sort(key=sort_key)
    return targets, skipped


def letter_batch_run(*, batch_id: int) -> LetterBatch:
    batch = LetterBatch.objects.select_related("establishment", "division", "created_by").get(pk=batch_id)
    if batch.status not in {LetterBatch.Status.PENDING, LetterBatch.Status.FAILED}:
        return batch  # a duplicate task: the batch already ran or is running
    claimed = LetterBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=LetterBatch.Status.RUNNING, started_at=timezone.now(), processed=0, error=""
    )
    if not claimed:
        return batch
    try:
        targets, skipped = _targets(batch)
        LetterBatch.objects.filter(pk=batch.pk).update(total=len(targets))
        # Phase 1: passwords and hashes, with progress, no transaction held open.
        for start in range(0, len(targets), PROGRESS_CHUNK):
            chunk = targets[start : start + PROGRESS_CHUNK]
            for target in chunk:
                target.password = temp_password_generate()
            for target, encoded in zip(chunk, temp_passwords_hash(t.password for t in chunk), strict=True):
                target.password_hash = encoded
            LetterBatch.objects.filter(pk=batch.pk).update(processed=start + len(chunk))
        # Phase 2: everything that must happen together.
        _letter_batch_commit(batch, targets, skipped)
    except Exception as exc:
        logger.exception("Échec du lot de courriers %s", batch.pk)
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    batch.refresh_from_db()
    return batch


@transaction.atomic
def _letter_batch_commit(batch: LetterBatch, targets: list[_Target], skipped: dict[str, int]) -> None:
    now = timezone.now()
    created_accounts = _accounts_create_missing(targets)
    reset_ids = _accounts_reset(batch, [t.account for t in targets if t.reset and t.account])

    # Reissuing kills the previous password of the same account and child at once.
    wanted = {(t.ready_account.pk, t.pupil.pk) for t in targets}
    live = Letter.objects.filter(account_id__in={pair[0] for pair in wanted}).live(now)
    to_revoke = [pk for pk, account_id, pupil_id in live.values_list("pk", "account_id", "pupil_id")
                 if (account_id, pupil_id) in wanted]
    revoked = 0
    for start in range(0, len(to_revoke), 500):
        revoked += Letter.objects.filter(pk__in=to_revoke[start : start + 500]).update(revoked_at=now)

    expires_at = add_months(now, conf.LETTER_VALIDITY_MONTHS)
    letters = []
    for target in targets:
        target.letter = Letter(
            batch=batch,
            establishment=batch.establishment,
            kind=target.kind,
            account=target.account,
            identifier=target.ready_account.username,
            pupil=target.pupil,
            recipient=target.guardian,
            division=target.pupil.division,
            created_at=now,
            expires_at=expires_at,
            temp_password_hash=target.password_hash,
        )
        letters.append(target.letter)
    Letter.objects.bulk_create(letters, batch_size=500)

    printed = [_printed(batch.establishment, t, now, expires_at) for t in targets]
    pdf_path = _pdf_write(batch, printed)
    try:
        emailed = _letters_email(batch, targets, printed, now) if batch.send_email else 0
        report = {
            "courriers": len(targets),
            "courriers_eleves": sum(t.kind == Letter.Kind.PUPIL for t in targets),
            "courriers_responsables": sum(t.kind == Letter.Kind.GUARDIAN for t in targets),
            "comptes_crees": created_accounts,
            "comptes_reinitialises": len(reset_ids),
            "anciens_courriers_annules": revoked,
            "envoyes_par_courriel": emailed,
            **skipped,
        }
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.DONE,
            processed=len(targets),
            total=len(targets),
            report=report,
            pdf_path=str(pdf_path.name),
            pdf_expires_at=now + conf.pdf_retention(),
            finished_at=timezone.now(),
        )
        audit_record(
            action=AuditAction.LETTERS_BATCH_GENERATED, actor=batch.created_by, target=batch,
            establishment=batch.establishment, details=report,
        )
    except Exception:
        pdf_path.unlink(missing_ok=True)
        raise
    # A failure at COMMIT itself would leave an orphan file: the daily sweep deletes every file
    # of the letters directory older than the download window, referenced or not.


def _accounts_create_missing(targets: list[_Target]) -> int:
    """Provisional accounts for people the roster import did not give one (e.g. entered by hand)
    or whose account expired (swept): a new identifier, and every roster record that pointed at
    the expired account (the same person in another school) now points at the new one."""
    missing = [t for t in targets if t.account is None]
    if not missing:
        return 0
    # A guardian with several children gets one account, whatever the number of letters; the
    # records that shared an expired account share the new one.
    by_person: dict[tuple[str, str, int], list[_Target]] = {}
    for target in missing:
        if target.expired_account is not None:
            key = (target.kind, "expired", target.expired_account.pk)
        else:
            key = (target.kind, "person", target.person.pk)
        by_person.setdefault(key, []).append(target)
    accounts = accounts_provision([
        NewAccount(
            first_name=group[0].person.first_name,
            last_name=group[0].person.display_last_name,
            profile=User.Profile.ELEVE if kind == Letter.Kind.PUPIL else User.Profile.PARENT,
        )
        for (kind, _, _), group in by_person.items()
    ])
    for group, account in zip(by_person.values(), accounts, strict=True):
        for target in group:
            target.account = account
    pupils: dict[int, Pupil] = {}
    guardians: dict[int, Guardian] = {}
    replaced: dict[int, User] = {}
    for group in by_person.values():
        for target in group:
            person = target.person
            person.account = target.account
            if isinstance(person, Pupil):
                pupils[person.pk] = person
            else:
                guardians[person.pk] = person
            if target.expired_account is not None and target.account is not None:
                replaced[target.expired_account.pk] = target.account
    if replaced:
        # Records of the same people outside this batch (another school) follow.
        for pupil in Pupil.objects.filter(account_id__in=replaced).exclude(pk__in=pupils):
            pupil.account = replaced[pupil.account_id]  # type: ignore[index]  # filtered on account_id
            pupils[pupil.pk] = pupil
        for guardian in Guardian.objects.filter(account_id__in=replaced).exclude(pk__in=guardians):
            guardian.account = replaced[guardian.account_id]  # type: ignore[index]  # filtered on account_id
            guardians[guardian.pk] = guardian
    Pupil.objects.bulk_update(pupils.values(), ["account"])
    Guardian.objects.bulk_update(guardians.values(), ["account"])
    return len(accounts)


def _accounts_reset(batch: LetterBatch, accounts: Iterable[User]) -> set[int]:
    """Back to provisional: password and sessions dead, pending confirmations dropped."""
    reset = accounts_reset(
        accounts=accounts,
        audit=Audit(
            action=AuditAction.ACCOUNT_RESET, actor=batch.created_by, establishment=batch.establishment,
            details={"batch": batch.pk, "reason": "Réinitialisation par le secrétariat (nouveau courrier)"},
        ),
    )
    ids = {account.pk for account in reset}
    EmailConfirmation.objects.filter(account_id__in=ids, used_at__isnull=True).update(used_at=timezone.now())
    return ids


def _printed(establishment: Establishment, target: _Target, now, expires_at) -> PrintedLetter:
    recipient_lines: tuple[str, ...] = ()
    if target.guardian is not None:
        g = target.guardian
        lines = [f"{g.civility} {g.display_last_name} {g.first_name}".strip()]
        lines += [line.strip() for line in g.address_lines.splitlines() if line.strip()]
        lines.append(f"{g.postal_code} {g.city}".strip())
        if g.country and g.country.upper() != "FRANCE":
            lines.append(g.country)
        recipient_lines = tuple(line for line in lines if line)
    division = target.pupil.division.code if target.pupil.division else ""
    return PrintedLetter(
        identifier=target.ready_account.username,
        password=target.password,
        pupil_name=f"{target.pupil.first_name} {target.pupil.display_last_name}",
        division=division,
        establishment_name=establishment.name,
        establishment_city=establishment.city,
        academie=establishment.academie,
        created_on=timezone.localtime(now).date(),
        deadline=timezone.localtime(expires_at).date(),
        portal_url=portal_url(),
        first_connection_url=first_connection_url(),
        is_guardian=target.kind == Letter.Kind.GUARDIAN,
        recipient_lines=recipient_lines,
    )


def _pdf_write(batch: LetterBatch, printed: list[PrintedLetter]) -> Path:
    directory = conf.letters_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"lot-{batch.pk}-{secrets.token_hex(8)}.pdf"
    # Created 0600 and exclusively: the file holds every temporary password of the batch.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            letters_pdf(printed, stream, first_connection_url=first_connection_url())
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return path


def _letters_email(batch: LetterBatch, targets: list[_Target], printed: list[PrintedLetter], now) -> int:
    sent = []
    for target, letter_print in zip(targets, printed, strict=True):
        email = target.guardian.email if target.guardian else ""
        if target.kind != Letter.Kind.GUARDIAN or not email:
            continue
        context = {"letter": letter_print, "establishment": batch.establishment}
        pdf = letters_pdf_bytes([letter_print], first_connection_url=first_connection_url())
        outbox_enqueue_mail(
            idempotency_key=f"letter:{target.saved_letter.pk}",
            to=email,
            template="activation/emails/letter",
            context=context,
            attachments=[attachment(f"courrier-{letter_print.identifier}.pdf", pdf, "application/pdf")],
        )
        target.saved_letter.emailed_at = now
        sent.append(target.saved_letter)
    Letter.objects.bulk_update(sent, ["emailed_at"])
    return len(sent)


# --- Downloading and deleting the PDF -----------------------------------------------------------


def letter_batch_pdf_path(batch: LetterBatch) -> Path | None:
    if not batch.pdf_available:
        return None
    path = conf.letters_dir() / batch.pdf_path
    return path if path.is_file() else None


def letter_batch_pdf_delete(*, batch: LetterBatch) -> None:
    if batch.pdf_path:
        (conf.letters_dir() / batch.pdf_path).unlink(missing_ok=True)
    LetterBatch.objects.filter(pk=batch.pk).update(pdf_deleted_at=timezone.now())
