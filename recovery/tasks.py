"""Celery tasks: the work behind the recovery forms, after the response (see core.deferred).

No retry: a second run would send a second mail or SMS; the family asks again."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def password_reset_process(*, identifier: str, channel: str, ip: str | None, attempt: str) -> None:
    from .services.recovery import password_reset_process as process

    process(identifier=identifier, channel=channel, ip=ip, attempt=attempt)


@shared_task(acks_late=True)
def identifier_reminder_process(
    *, channel: str, email: str = "", phone: str = "", ip: str | None
) -> None:
    from .services.recovery import identifier_reminder_process as process

    process(channel=channel, email=email, phone=phone, ip=ip)
