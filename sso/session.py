"""What the CAS server keeps in the portal session: the SSO session's id and the ``renew``
handshake."""

from __future__ import annotations

import secrets
from typing import Any

# A random id per portal session: the tickets of the session carry its SHA-256, so its end tells
# exactly the services it opened.
SESSION_SSO_KEY = "cas_sso_session"
# ``renew``: the nonce set when credentials were asked again, copied to RENEWED by the login.
SESSION_RENEW_PENDING_KEY = "cas_renew_pending"
SESSION_RENEWED_KEY = "cas_renewed"


def sso_session_id(request: Any) -> str:
    value = request.session.get(SESSION_SSO_KEY)
    if not value:
        value = secrets.token_urlsafe(24)
        request.session[SESSION_SSO_KEY] = value
    return value
