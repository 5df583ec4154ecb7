"""Phase 2 of a batch, in one transaction: accounts created or reset, previous letters revoked,
new letters written, the PDF saved and the optional mails put in the outbox (letters.py)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, NewAccount, accounts_provision, accounts_reset
from accounts.models import Establishment, Guardian, Pupil, User
from core.links import public_reverse, public_url
from core.private_files import private_file_create
from outbox.services import attachment, outbox_enqueue_mail

from .. import conf
from ..models import EmailConfirmation, Letter, LetterBatch
from ..passwords import add_months
from ..pdf import PrintedLetter, letters_pdf, letters_pdf_bytes
from .letter_targets import Target

logger = logging.getLogger(__name__)


def first_connection_url() -> str:
    return public_reverse("activation:first_connection_login")


def portal_url() -> str:
    return public_url("/")


@transaction.atomic
def letter_batch_commit(batch: LetterBatch, targets: list[Target], skipped: dict[str, int]) -> None:
    now = timezone.now()
    created_accounts = _accounts_create_missing(targets)
    reset_ids = _accounts_reset(batch, [t.account for t in targets if t.reset and t.account])

    # Reissuing kills the previous password of the same account and child at once.
    wanted = {(t.ready_account.pk, t.pupil.pk) for t in targets}
    live = Letter.objects.filter(account_id__in={pair[0] for pair in wanted}).live(now)
    to_revoke = [
        pk
        for pk, account_id, pupil_id in live.values_list("pk", "account_id", "pupil_id")
        if (account_id, pupil_id) in wanted
    ]
    revoked = 0
    for start in range(0, len(to_revoke), 500):
        revoked += Letter.objects.filter(pk__in=to_revoke[start : start + 500]).update(
            revoked_at=now
        )

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
            action=AuditAction.LETTERS_BATCH_GENERATED,
            actor=batch.created_by,
            target=batch,
            establishment=batch.establishment,
            details=report,
        )
    except Exception:
        pdf_path.unlink(missing_ok=True)
        raise
    # A failure at COMMIT itself would leave an orphan file: the daily sweep deletes every file
    # of the letters directory older than the download window, referenced or not.


def _accounts_create_missing(targets: list[Target]) -> int:
    """Provisional accounts for people the roster import did not give one (e.g. entered by hand)
    or whose account expired (swept): a new identifier, and every roster record that pointed at
    the expired account (the same person in another school) now points at the new one."""
    missing = [t for t in targets if t.account is None]
    if not missing:
        return 0
    # A guardian with several children gets one account, whatever the number of letters; the
    # records that shared an expired account share the new one.
    by_person: dict[tuple[str, str, int], list[Target]] = {}
    for target in missing:
        if target.expired_account is not None:
            key = (target.kind, "expired", target.expired_account.pk)
        else:
            key = (target.kind, "person", target.person.pk)
        by_person.setdefault(key, []).append(target)
    accounts = accounts_provision(
        [
            NewAccount(
                first_name=group[0].person.first_name,
                last_name=group[0].person.display_last_name,
                profile=User.Profile.ELEVE if kind == Letter.Kind.PUPIL else User.Profile.PARENT,
            )
            for (kind, _, _), group in by_person.items()
        ]
    )
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
            pupil.account = replaced[pupil.account_id]
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
            action=AuditAction.ACCOUNT_RESET,
            actor=batch.created_by,
            establishment=batch.establishment,
            details={
                "batch": batch.pk,
                "reason": "Réinitialisation par le secrétariat (nouveau courrier)",
            },
        ),
    )
    ids = {account.pk for account in reset}
    EmailConfirmation.objects.filter(account_id__in=ids, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return ids


def _printed(
    establishment: Establishment,
    target: Target,
    now: datetime.datetime,
    expires_at: datetime.datetime,
) -> PrintedLetter:
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
    # A private file: it holds every temporary password of the batch.
    with private_file_create(conf.letters_dir(), f"lot-{batch.pk}") as (path, stream):
        letters_pdf(printed, stream, first_connection_url=first_connection_url())
    return path


def _letters_email(
    batch: LetterBatch, targets: list[Target], printed: list[PrintedLetter], now: datetime.datetime
) -> int:
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
            attachments=[
                attachment(f"courrier-{letter_print.identifier}.pdf", pdf, "application/pdf")
            ],
            expires_at=target.saved_letter.expires_at,
        )
        target.saved_letter.emailed_at = now
        sent.append(target.saved_letter)
    Letter.objects.bulk_update(sent, ["emailed_at"])
    return len(sent)
