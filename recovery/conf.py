"""Settings of the recovery app, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime

PASSWORD_RESET_VALIDITY = datetime.timedelta(hours=1)
# Used or expired links are kept a day, so the audit trail and support can still see recent tries.
PASSWORD_RESET_KEEP = datetime.timedelta(days=1)
