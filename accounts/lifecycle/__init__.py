"""The account lifecycle: the only writer of an account's state, activity, password and session
stamp (``transitions``), and the retention of accounts never activated (``retention``: the
daily sweep; ``purge``: the rows deleted afterwards)."""

from .purge import accounts_purge_expired, accounts_purging
from .retention import ExpiryRule, accounts_sweep
from .transitions import (
    LOGIN_STATES,
    Audit,
    NewAccount,
    account_activate,
    account_activated,
    account_admin_save,
    account_close,
    account_create,
    account_password_changed,
    account_password_set,
    account_reopen,
    account_sessions_ended,
    account_sessions_revoke,
    accounts_close,
    accounts_provision,
    accounts_reset,
)

__all__ = [
    "LOGIN_STATES",
    "Audit",
    "ExpiryRule",
    "NewAccount",
    "account_activate",
    "account_activated",
    "account_admin_save",
    "account_close",
    "account_password_changed",
    "account_create",
    "account_password_set",
    "account_reopen",
    "account_sessions_ended",
    "account_sessions_revoke",
    "accounts_close",
    "accounts_provision",
    "accounts_purge_expired",
    "accounts_purging",
    "accounts_reset",
    "accounts_sweep",
]
