"""The families' digest: one e-mail per child and half-day when an absence or a retard is
recorded, to each guardian who confirmed their address and did not turn the notice off.

Recording an event only makes sure the half-day has a ``FamilyNotice`` due at the end of that
half-day (or a little after the event when it is recorded late); the send task, queued with that
countdown after commit and run again by the beat, mails what the half-day then holds: the appels
of the whole morning are in one e-mail, and an absence corrected to "présent" before the send
is in none."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import GuardianLink
from accounts.selectors import notice_recipients
from outbox.services import outbox_enqueue_mail

from .. import conf
from ..models import Event, FamilyNotice
from .common import aware, half_day_of

NOTICE_KIND = "vie_scolaire"
NOTIFIED_KINDS = (Event.Kind.ABSENCE, Event.Kind.RETARD)
BATCH = 500


def _due_at(day: datetime.date, half: str, now: datetime.datetime) -> datetime.datetime:
    end = aware(day, conf.morning_ends() if half == "matin" else conf.afternoon_ends())
    return max(end, now + conf.notice_grace())


def notices_schedule(
    *, establishment_id: int, moments: Iterable[tuple[int, datetime.datetime]]
) -> None:
    """Makes sure each (pupil, moment) has its half-day's notice; queues the send after commit.
    Two queries whatever the number of pupils."""
    now = timezone.now()
    wanted = {(pupil_id, *half_day_of(moment)) for pupil_id, moment in moments}
    if not wanted:
        return
    existing = set(
        FamilyNotice.objects.filter(
            pupil_id__in={pupil for pupil, _, _ in wanted},
            day__in={day for _, day, _ in wanted},
        ).values_list("pupil_id", "day", "half_day")
    )
    new = [
        FamilyNotice(
            establishment_id=establishment_id,
            pupil_id=pupil_id,
            day=day,
            half_day=half,
            due_at=_due_at(day, half, now),
        )
        for pupil_id, day, half in sorted(wanted - existing)
    ]
    if not new:
        return
    FamilyNotice.objects.bulk_create(new, ignore_conflicts=True)
    countdown = max(0, int((min(n.due_at for n in new) - now).total_seconds()) + 1)
    transaction.on_commit(lambda: _queue_send(countdown))


def _queue_send(countdown: int) -> None:
    from ..tasks import family_notices_send as family_notices_send_task

    try:
        family_notices_send_task.apply_async(countdown=countdown)
    except Exception:  # noqa: BLE001 - broker down: the beat sends the notice anyway
        import logging

        logging.getLogger(__name__).exception("Envoi des avis de vie scolaire non mis en file")


@transaction.atomic
def family_notices_send_due(*, now: datetime.datetime | None = None) -> int:
    """Sends the notices due by ``now`` (a batch; the beat runs it again). Returns how many
    e-mails went to the outbox. A constant number of queries per batch."""
    now = now or timezone.now()
    notices = list(
        FamilyNotice.objects.select_for_update(skip_locked=True)
        .filter(sent_at__isnull=True, due_at__lte=now)
        .select_related("pupil", "establishment")
        .order_by("due_at")[:BATCH]
    )
    if not notices:
        return 0
    pupil_ids = {notice.pupil_id for notice in notices}
    days = {notice.day for notice in notices}
    first, last = min(days), max(days) + datetime.timedelta(days=1)
    events: dict[tuple[int, datetime.date, str], list[Event]] = defaultdict(list)
    for event in (
        Event.objects.filter(
            pupil_id__in=pupil_ids,
            kind__in=NOTIFIED_KINDS,
            starts_at__gte=aware(first, datetime.time(0)),
            starts_at__lt=aware(last, datetime.time(0)),
        )
        .select_related("motive")
        .order_by("starts_at")
    ):
        events[(event.pupil_id, *half_day_of(event.starts_at))].append(event)
    guardians: dict[int, set[int]] = defaultdict(set)
    for pupil_id, account_id in (
        GuardianLink.objects.legal()
        .filter(pupil_id__in=pupil_ids, guardian__account__isnull=False)
        .values_list("pupil_id", "guardian__account_id")
    ):
        guardians[pupil_id].add(account_id)
    addresses = notice_recipients(
        kind=NOTICE_KIND, user_ids={a for accounts in guardians.values() for a in accounts}
    )
    sent = 0
    for notice in notices:
        held = events.get((notice.pupil_id, notice.day, notice.half_day), [])
        recipients = [a for a in sorted(guardians.get(notice.pupil_id, ())) if a in addresses]
        for account_id in recipients if held else []:
            outbox_enqueue_mail(
                idempotency_key=f"vie-scolaire-avis-{notice.pk}-{account_id}",
                to=addresses[account_id],
                template="vie_scolaire/mail/notice",
                context={"notice": notice, "pupil": notice.pupil, "events": held},
            )
            sent += 1
        notice.sent_at = now
        notice.recipients = len(recipients) if held else 0
    FamilyNotice.objects.bulk_update(notices, ["sent_at", "recipients"])
    return sent
