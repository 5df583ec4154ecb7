"""Mon compte: change the e-mail address (confirmed by a link), change the password, edit the
contact details of one's own guardian records (fiche de renseignements).

The forms check the current password (rate-limited like a login); these services do the writes,
the audit record and the mails (through the outbox, in the same transaction).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, account_password_set
from accounts.models import Guardian, User
from activation import conf as activation_conf
from core import ratelimit
from core.links import public_reverse
from core.tokens import new_token, token_digest
from core.validators import validate_public_email
from outbox.services import outbox_enqueue_mail

from .. import messages
from ..models import EmailChangeRequest


def _mail(*, key: str, to: str, template: str, context: dict) -> None:
    outbox_enqueue_mail(
        idempotency_key=key, to=to, template=f"selfservice/emails/{template}", context=context
    )


# --- E-mail address ------------------------------------------------------------------------------


def _email_taken_elsewhere(*, account: User, email: str) -> bool:
    """allauth keeps a verified address unique across accounts."""
    return (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .exclude(user=account)
        .exists()
    )


@transaction.atomic
def account_email_change_request(
    *, account: User, new_email: str, ip: str | None = None
) -> EmailChangeRequest:
    """Sends a single-use link to the new address and a notice to the old one.

    The address on the account does not change until the link is opened. ``RateLimited`` when the
    account or the typed address asked too often (counted before anything is written or sent).
    """
    new_email = (new_email or "").strip().lower()
    if not new_email:
        raise ValidationError({"new_email": messages.NEW_EMAIL_REQUIRED})
    # Each request mails the typed address: without a limit a session could mail anyone at will.
    ratelimit.check(
        [
            (
                "email-change-account",
                str(account.pk),
                "email_change_per_account_hour",
                ratelimit.HOUR,
            ),
            ("email-change-address", new_email, "email_change_per_address_hour", ratelimit.HOUR),
        ]
    )
    try:
        validate_public_email(new_email)  # the form checks it too; this service mails it
    except ValidationError as exc:
        raise ValidationError({"new_email": exc.messages}) from exc
    if new_email == (account.email or "").lower():
        raise ValidationError({"new_email": messages.EMAIL_ALREADY_YOURS})
    if _email_taken_elsewhere(account=account, email=new_email):
        raise ValidationError({"new_email": messages.EMAIL_TAKEN})
    now = timezone.now()
    # Only the newest request works.
    EmailChangeRequest.objects.filter(
        account=account, used_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    token, digest = new_token()
    change = EmailChangeRequest(
        account=account,
        old_email=account.email or "",
        new_email=new_email,
        token_hash=digest,
        created_at=now,
        expires_at=now + activation_conf.EMAIL_CONFIRMATION_VALIDITY,
    )
    change.full_clean()
    change.save()
    link = public_reverse("selfservice:account_email_change_confirm", token)
    context = {
        "account": account,
        "change": change,
        "link": link,
        "expires_at": change.expires_at,
        "cancel_link": public_reverse(
            "selfservice:account_email_change_cancel", email_change_cancel_token(change)
        ),
    }
    _mail(
        key=f"email-change:{change.pk}:new", to=new_email, template="email_change", context=context
    )
    if change.old_email:
        _mail(
            key=f"email-change:{change.pk}:old",
            to=change.old_email,
            template="email_change_notice",
            context=context,
        )
    audit_record(
        action=AuditAction.EMAIL_CHANGE_REQUESTED,
        actor=account,
        target=account,
        establishment=account.establishment,
        details={"new_email": new_email},
        ip_address=ip,
    )
    return change


class EmailChangeInvalid(Exception):
    """Unknown, used, replaced or expired link: the page says the same for all."""


@transaction.atomic
def account_email_change_confirm(*, token: str, ip: str | None = None) -> User:
    now = timezone.now()
    change = (
        EmailChangeRequest.objects.select_for_update()
        .filter(token_hash=token_digest(token))
        .first()
    )
    if change is None or change.used_at or change.cancelled_at or change.expires_at <= now:
        raise EmailChangeInvalid
    account = User.objects.select_for_update().get(pk=change.account_id)
    if not account.is_active or account.state != User.State.ACTIVE:
        raise EmailChangeInvalid
    if _email_taken_elsewhere(account=account, email=change.new_email):
        raise EmailChangeInvalid
    EmailChangeRequest.objects.filter(pk=change.pk).update(used_at=now)
    account.email = change.new_email
    account.save(update_fields=["email"])
    # The link proves the address receives mail: it is the confirmed address of the account.
    address, _ = EmailAddress.objects.update_or_create(
        user=account, email=change.new_email, defaults={"verified": True, "primary": False}
    )
    EmailAddress.objects.filter(user=account).exclude(pk=address.pk).delete()
    EmailAddress.objects.filter(pk=address.pk).update(primary=True)
    audit_record(
        action=AuditAction.EMAIL_CHANGED,
        actor=account,
        target=account,
        establishment=account.establishment,
        details={"old_email": change.old_email, "new_email": change.new_email},
        ip_address=ip,
    )
    if change.old_email:
        # The old address learns of it: if it was not its owner, it still holds the password.
        _mail(
            key=f"email-change:{change.pk}:done",
            to=change.old_email,
            template="email_changed_notice",
            context={"account": account, "change": change, "changed_at": now},
        )
    return account


# The cancel link of the notice to the old address is signed, not stored: it names the request,
# and a request is cancelled once (the link does nothing afterwards), so it is single use.
_CANCEL_SALT = "selfservice.email-change-cancel"


def email_change_cancel_token(change: EmailChangeRequest) -> str:
    return signing.dumps(change.pk, salt=_CANCEL_SALT)


@transaction.atomic
def account_email_change_cancel(*, token: str, ip: str | None = None) -> EmailChangeRequest:
    """The old address's owner refuses the change (no login: the link came to that address)."""
    max_age = activation_conf.EMAIL_CONFIRMATION_VALIDITY
    try:
        pk = signing.loads(token, salt=_CANCEL_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise EmailChangeInvalid from exc
    change = EmailChangeRequest.objects.select_for_update().filter(pk=pk).first()
    if change is None or change.used_at or change.cancelled_at:
        raise EmailChangeInvalid
    _email_changes_cancel(account=change.account, reason="old_address", ip=ip)
    return change


def _email_changes_cancel(*, account: User, reason: str, ip: str | None = None) -> int:
    now = timezone.now()
    pending = EmailChangeRequest.objects.filter(
        account=account, used_at__isnull=True, cancelled_at__isnull=True
    )
    emails = list(pending.values_list("new_email", flat=True))
    if not emails:
        return 0
    pending.update(cancelled_at=now)
    audit_record(
        action=AuditAction.EMAIL_CHANGE_CANCELLED,
        actor=account,
        target=account,
        establishment=account.establishment,
        details={"new_emails": emails, "reason": reason},
        ip_address=ip,
    )
    return len(emails)


def email_changes_cancel_on_password(sender: object, *, account: User, **kwargs: object) -> None:
    """Receiver of ``accounts.lifecycle.account_password_changed`` (change or reset): a request
    made by whoever held the old password must not outlive it, or its link would hand the account
    (and its password resets) to the address that person typed."""
    _email_changes_cancel(account=account, reason="password_changed")


# --- Password ------------------------------------------------------------------------------------


@transaction.atomic
def account_password_change(*, account: User, new_password: str, ip: str | None = None) -> User:
    """New password, every other session ended (the session stamp rotates), a notice by mail.

    The caller keeps its own session with ``update_session_auth_hash`` after this returns.
    """
    password_validation.validate_password(new_password, account)
    account = User.objects.select_for_update().get(pk=account.pk)
    account_password_set(
        account=account,
        password=new_password,
        audit=Audit(
            action=AuditAction.PASSWORD_CHANGED,
            by_account=True,
            establishment=account.establishment,
            ip=ip,
            details={"other_sessions_ended": True},
        ),
    )
    now = timezone.now()
    if account.email:
        _mail(
            key=f"password-changed:{account.pk}:{account.session_stamp}",
            to=account.email,
            template="password_changed",
            context={
                "account": account,
                "changed_at": now,
                "recovery_url": public_reverse("portal:forgotten_password"),
            },
        )
    return account


# --- Fiche de renseignements ---------------------------------------------------------------------

GUARDIAN_CONTACT_FIELDS = (
    "phone_mobile",
    "phone_home",
    "phone_work",
    "email",
    "address_lines",
    "postal_code",
    "city",
    "country",
)


@transaction.atomic
def guardian_contact_update(
    *, account: User, guardian: Guardian, data: dict, ip: str | None = None
) -> Guardian:
    """Edits the contact details of one of the account's own guardian records.

    ``guardian`` comes from ``selectors.guardian_of_account``; checked again here under lock.
    """
    locked = Guardian.objects.select_for_update().filter(pk=guardian.pk, account=account).first()
    if locked is None:
        raise ValidationError(messages.GUARDIAN_NOT_YOURS)
    guardian = locked
    changed = {}
    for name in GUARDIAN_CONTACT_FIELDS:
        if name not in data:
            continue
        old, new = getattr(guardian, name), data[name]
        if str(old or "") != str(new or ""):
            changed[name] = {"avant": str(old or ""), "apres": str(new or "")}
            setattr(guardian, name, new)
    if not changed:
        return guardian
    guardian.full_clean()
    guardian.save(update_fields=[*changed, "updated_at"])
    audit_record(
        action=AuditAction.GUARDIAN_CONTACT_UPDATED,
        actor=account,
        target=guardian,
        establishment=guardian.establishment,
        details={"fields": changed},
        ip_address=ip,
    )
    return guardian
