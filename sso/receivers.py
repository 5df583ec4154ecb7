"""Receivers connected in ``SsoConfig.ready``: the end of a session is the end of its CAS
session (single logout), and a login after ``renew`` marks the credentials as fresh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .services import accounts_single_logout, sso_session_logout
from .session import SESSION_RENEW_PENDING_KEY, SESSION_RENEWED_KEY, SESSION_SSO_KEY


def credentials_entered(sender: object, *, request: Any, user: Any, **kwargs: Any) -> None:
    """Django's ``user_logged_in``."""
    session = getattr(request, "session", None)
    if session is None:
        return
    pending = session.get(SESSION_RENEW_PENDING_KEY)
    if pending:
        session[SESSION_RENEWED_KEY] = pending


def session_logged_out(sender: object, *, request: Any, user: Any, **kwargs: Any) -> None:
    """Django's ``user_logged_out`` (sent before the session is flushed)."""
    session = getattr(request, "session", None)
    sso_session = session.get(SESSION_SSO_KEY) if session is not None else None
    if sso_session:
        sso_session_logout(sso_session=sso_session)


def sessions_ended(sender: object, *, accounts: Sequence[Any], **kwargs: Any) -> None:
    """``accounts.lifecycle.account_sessions_ended``: every session of these accounts is dead."""
    accounts_single_logout(user_ids=[account.pk for account in accounts])
