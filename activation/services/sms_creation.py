"""Parent account creation by SMS ("Je n'ai pas encore d'identifiant").

1. ``creation_start``: name + mobile. If a school recorded that mobile for a guardian of that name
   (legal representative of a current pupil), a code is sent by SMS. The page is the same either way.
2. ``creation_verify``: code + the birth date of every child. Then the identifier is announced:
   the guardian's provisional account's (converted, not duplicated) or a new one.
3. ``creation_complete``: the chosen password; the account is active with every child attached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, account_activate, account_close, account_create
from accounts.models import Guardian, User
from accounts.roster.identifiers import identifier_allocate
from accounts.roster_version import roster_changed
from core.deferred import after_commit

from .. import conf, selectors
from ..models import SmsCode
from ..tasks import creation_start_process as creation_start_process_task
from .sms_codes import (
    CodeRejected,
    attempt_code_record,
    attempt_new,
    masked,
    sms_code_check,
    sms_code_fail,
    sms_code_send,
    sms_code_use,
    sms_request_allowed,
)


class BirthDatesRejected(Exception):
    def __init__(self, remaining: int) -> None:
        super().__init__(remaining)
        self.remaining = remaining


class CreationExpired(Exception):
    """The verified step is too old, already used, or never happened: start again."""


def creation_start(*, last_name: str, first_name: str, phone: str, ip: str | None) -> str:
    """Counts the request (per number and IP, whatever the result) and hands the search and the
    SMS to a task run after the response: a known and an unknown family take the same time.
    Returns the attempt key the session keeps (see ``session_code_id``). ``RateLimited``."""
    sms_request_allowed(phone=phone, ip=ip)
    attempt = attempt_new()
    after_commit(
        creation_start_process_task,
        last_name=last_name,
        first_name=first_name,
        phone=phone,
        ip=ip,
        attempt=attempt,
    )
    return attempt


@transaction.atomic
def creation_start_process(
    *, last_name: str, first_name: str, phone: str, ip: str | None, attempt: str
) -> int | None:
    """The work behind ``creation_start``: the code sent (its id), or ``None`` (no match,
    ceiling reached)."""
    guardians = selectors.guardians_for_creation(
        phone=phone, last_name=last_name, first_name=first_name
    )
    if not guardians:
        audit_record(
            action=AuditAction.CREATION_NO_MATCH,
            ip_address=ip,
            details={"phone": masked(phone), "last_name": last_name[:100]},
        )
        return None
    sms_code = sms_code_send(
        purpose=SmsCode.Purpose.CREATION, phone=phone, ip=ip, guardian_ids=[g.pk for g in guardians]
    )
    audit_record(
        action=AuditAction.CREATION_CODE_SENT if sms_code else AuditAction.CREATION_SMS_CEILING,
        target=guardians[0],
        establishment=guardians[0].establishment,
        ip_address=ip,
        details={"phone": masked(phone), "guardians": [g.pk for g in guardians]},
    )
    attempt_code_record(attempt=attempt, code_id=sms_code.pk if sms_code else None)
    return sms_code.pk if sms_code else None


@dataclass(frozen=True)
class Verified:
    identifier: str
    already_active: bool  # the guardian already has an account: use "Identifiant oublié"


def _existing_accounts(guardians: list[Guardian]) -> list[User]:
    seen: dict[int, User] = {}
    for guardian in guardians:
        if guardian.account is not None:
            seen.setdefault(guardian.account.pk, guardian.account)
    return list(seen.values())


LIVE_STATES = (User.State.ACTIVE, User.State.AWAITING_EMAIL)


def creation_verify(
    *, code_id: int | None, code: str, birth_dates: list[datetime.date], ip: str | None
) -> Verified:
    """``CodeRejected`` / ``BirthDatesRejected`` (with the tries left) or the identifier to announce.

    Not one transaction: a wrong try must stay counted when the exception is raised."""
    sms_code = sms_code_check(code_id=code_id, purpose=SmsCode.Purpose.CREATION, code=code)
    if sms_code.verified_at is not None:
        raise CodeRejected(remaining=0)  # the identifier was already announced once
    guardians = selectors.guardians_by_ids(sms_code.guardian_ids)
    expected = selectors.children_birth_dates(sms_code.guardian_ids)
    if not expected or set(birth_dates) != expected:
        remaining = sms_code_fail(sms_code=sms_code)
        audit_record(
            action=AuditAction.CREATION_WRONG_BIRTH_DATES,
            target=guardians[0] if guardians else None,
            ip_address=ip,
            details={"remaining": remaining},
        )
        raise BirthDatesRejected(remaining=remaining)
    with transaction.atomic():
        return _creation_announce(sms_code=sms_code, guardians=guardians, ip=ip)


def _creation_announce(*, sms_code: SmsCode, guardians: list[Guardian], ip: str | None) -> Verified:
    accounts = _existing_accounts(guardians)
    active = [account for account in accounts if account.state in LIVE_STATES]
    if active:
        sms_code_use(sms_code=sms_code)
        audit_record(
            action=AuditAction.CREATION_ACCOUNT_EXISTS,
            target=active[0],
            ip_address=ip,
            details={"phone": masked(sms_code.phone)},
        )
        return Verified(identifier=active[0].username, already_active=True)

    provisional = [account for account in accounts if account.state == User.State.PROVISIONAL]
    if provisional:
        identifier = provisional[0].username
    else:
        first = guardians[0]
        identifier = identifier_allocate(
            first_name=first.first_name, last_name=first.display_last_name
        )
    sms_code.verified_at = timezone.now()
    sms_code.identifier = identifier
    sms_code.save(update_fields=["verified_at", "identifier"])
    audit_record(
        action=AuditAction.CREATION_VERIFIED,
        target=guardians[0],
        establishment=guardians[0].establishment,
        ip_address=ip,
        details={"identifier": identifier, "converts_provisional": bool(provisional)},
    )
    return Verified(identifier=identifier, already_active=False)


def creation_pending(*, code_id: int | None) -> SmsCode:
    """The verified, unused creation step of this session, else ``CreationExpired``."""
    sms_code = (
        SmsCode.objects.filter(pk=code_id, purpose=SmsCode.Purpose.CREATION).first()
        if code_id
        else None
    )
    if (
        sms_code is None
        or sms_code.verified_at is None
        or sms_code.used_at is not None
        or sms_code.verified_at + conf.SMS_CODE_VALIDITY < timezone.now()
    ):
        raise CreationExpired
    return sms_code


@transaction.atomic
def creation_complete(*, code_id: int | None, password: str, ip: str | None) -> User:
    """Creates (or converts) the account, active, with every guardian record attached."""
    pending = creation_pending(code_id=code_id)
    sms_code = SmsCode.objects.select_for_update().get(pk=pending.pk)
    if sms_code.used_at is not None:
        raise CreationExpired
    guardians = selectors.guardians_by_ids(sms_code.guardian_ids)
    if not guardians:
        raise CreationExpired
    first = guardians[0]
    accounts = _existing_accounts(guardians)
    if any(account.state in LIVE_STATES for account in accounts):
        raise CreationExpired  # an account was activated meanwhile (a letter): nothing to create
    account = next((a for a in accounts if a.username == sms_code.identifier), None)
    candidate = account or User(
        username=sms_code.identifier,
        first_name=first.first_name,
        last_name=first.display_last_name,
        profile=User.Profile.PARENT,
    )
    password_validation.validate_password(password, candidate)
    if not sms_code_use(sms_code=sms_code):
        raise CreationExpired

    # Other provisional accounts of the same person (letters of another school) are closed: one
    # person, one account, every child on it.
    others = [
        a
        for a in accounts
        if a.pk != (account.pk if account else None) and a.state == User.State.PROVISIONAL
    ]
    details = {
        "guardians": [g.pk for g in guardians],
        "establishments": sorted({g.establishment_id for g in guardians}),
        "closed_provisional_accounts": [a.pk for a in others],
    }
    if account is None:
        account = account_create(
            username=sms_code.identifier,
            first_name=first.first_name,
            last_name=first.display_last_name,
            profile=User.Profile.PARENT,
            state=User.State.ACTIVE,
            password=password,
            audit=Audit(
                action=AuditAction.ACCOUNT_CREATED_BY_SMS,
                by_account=True,
                establishment=first.establishment,
                ip=ip,
                details=details,
            ),
        )
    else:
        account_activate(
            account=account,
            password=password,
            audit=Audit(
                action=AuditAction.ACCOUNT_CONVERTED_BY_SMS,
                actor=account,
                establishment=first.establishment,
                ip=ip,
                details=details,
            ),
        )
    for other in others:
        account_close(
            account=other,
            audit=Audit(
                action=AuditAction.ACCOUNT_CLOSED,
                actor=account,
                establishment=first.establishment,
                ip=ip,
                details={
                    "reason": "Compte provisoire du même responsable : compte créé par SMS",
                    "kept": account.pk,
                },
            ),
        )
    Guardian.objects.filter(pk__in=[g.pk for g in guardians]).update(account=account)
    roster_changed()  # the children now shown on this account changed
    return account
