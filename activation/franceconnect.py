"""FranceConnect for parents: which guardian account an identity belongs to, and the link.

FranceConnect gives the birth names (``given_name``: every first name, ``family_name``: birth
name), the usage name (``preferred_username``), the birth date and a verified e-mail. The roster
has no birth date for guardians, so a first FranceConnect login is matched on the names **and**
the e-mail address the school holds (SIECLE). Only a legal representative (level 1) of a pupil
still at school qualifies; when several accounts would match, none is chosen. Once linked, the
FranceConnect subject (``sub``) identifies the parent, whatever the names or e-mail become.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from accounts.audit import AuditAction
from accounts.lifecycle import Audit, account_activate
from accounts.models import Guardian, GuardianLink, User
from core.http import client_ip
from core.text import name_key, normalize_name

LINKABLE_STATES = frozenset({User.State.PROVISIONAL, User.State.AWAITING_EMAIL, User.State.ACTIVE})


def _names_match(guardian: Guardian, claims: dict) -> bool:
    family_names = {
        name_key(claims.get("family_name")),
        name_key(claims.get("preferred_username")),
    } - {""}
    guardian_names = {name_key(guardian.last_name), name_key(guardian.usage_name)} - {""}
    if not family_names & guardian_names:
        return False
    given = normalize_name(claims.get("given_name"))
    first = normalize_name(guardian.first_name)
    # FranceConnect lists every first name ("Sophie Marie"); the roster usually has the first one.
    return bool(first) and (
        given == first or given.split(" ")[: len(first.split(" "))] == first.split(" ")
    )


def guardian_account_for_identity(claims: dict) -> User | None:
    """The one parent account whose roster record matches the FranceConnect identity, or None."""
    email = (claims.get("email") or "").strip()
    if not email or not claims.get("family_name") or not claims.get("given_name"):
        return None
    legal_of_current_pupil = GuardianLink.objects.of_current_pupils().legal().values("guardian_id")
    guardians = Guardian.objects.filter(
        email__iexact=email,
        account__isnull=False,
        account__profile=User.Profile.PARENT,
        account__is_active=True,
        account__state__in=LINKABLE_STATES,
        pk__in=legal_of_current_pupil,
    ).select_related("account")
    accounts = {
        guardian.account_id: guardian.account
        for guardian in guardians
        if _names_match(guardian, claims)
    }
    if len(accounts) != 1:
        return None
    return next(iter(accounts.values()))


@transaction.atomic
def franceconnect_link(*, request: HttpRequest, sociallogin, account: User) -> User:
    """Links the FranceConnect identity to the account. FranceConnect proves who the parent is
    and the e-mail matched the school's record: an account still waiting for its letter or for
    the e-mail check becomes active."""
    sociallogin.connect(request, account)
    audit = Audit(
        action=AuditAction.FRANCECONNECT_LINKED,
        actor=account,
        ip=client_ip(request),
        details={"previous_state": account.state, "uid": sociallogin.account.uid},
    )
    if account.state == User.State.ACTIVE:
        audit.write(account)
        return account
    email = (
        None
        if account.email
        else (sociallogin.account.extra_data.get("userinfo") or {}).get("email", "")
    )
    return account_activate(account=account, email=email, audit=audit)
