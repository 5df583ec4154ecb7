"""Settings of the agenda, with their defaults (the only place that reads them)."""

from __future__ import annotations

import datetime

from django.conf import settings

# How many coming events the "Agenda" card of Mes applications lists.
DASHBOARD_ITEMS = 4
# An event lasts at most this long (a class trip, a holiday of one's own).
MAX_DURATION = datetime.timedelta(days=92)
# A user keeps at most this many personal events (the sweep erases the old ones).
MAX_PERSONAL_EVENTS = 2000
# What the iCalendar feed carries: from this long ago, up to this far ahead.
FEED_PAST = datetime.timedelta(days=183)
FEED_AHEAD = datetime.timedelta(days=400)
# The page cache's memo of a user's establishments (their agenda versions key the dashboard).
SCHOOLS_MEMO_SECONDS = 5 * 60


def feed_per_ip_hour() -> int:
    """Feed requests per client address and hour (calendar applications poll every 15 minutes
    to a few hours; a school's network shares one address)."""
    return int(getattr(settings, "CARTABLE_AGENDA_FEED_PER_IP_HOUR", 600))
