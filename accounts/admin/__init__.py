"""The secretariat's admin: the roster and the accounts of one establishment, in French.

Registered from its modules (``roster``, ``users``, ``registers``, ``imports``); the building
blocks other apps' admins use are re-exported here.
"""

from . import imports, registers, roster, staff, users  # noqa: F401 - registers the ModelAdmins
from .base import (
    EstablishmentScopedAdminMixin,
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    SuperuserOnlyMixin,
)
from .display import state_badge
from .users import AccountAdmin, register_account_action

__all__ = [
    "AccountAdmin",
    "EstablishmentScopedAdminMixin",
    "ReadOnlyAdminMixin",
    "ScopedAdminMixin",
    "ScopedInlineMixin",
    "SuperuserOnlyMixin",
    "register_account_action",
    "state_badge",
]
