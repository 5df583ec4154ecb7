"""The campaigns' mails: the opening notice to every concerned guardian (in the background, with
progress) and the reminders to those whose request is not sent (never twice the same day)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, User
from accounts.selectors import notice_recipients
from core.links import public_reverse
from core.schoolyear import school_year_label
from outbox.services import outbox_enqueue_mail

from .. import conf
from .. import messages as texts
from ..models import Campaign, CampaignReminder
from ..selectors import concerned_guardian_user_ids

NOTICE_KIND = "demarches"
ONLINE_SERVICES = (
    Campaign.Service.BOURSE,
    Campaign.Service.ORIENTATION_INTENTIONS,
    Campaign.Service.ORIENTATION_VOEUX,
)


def _mail_context(campaign: Campaign) -> dict:
    return {
        "campaign": campaign,
        "service": campaign.get_service_display(),
        "school_year": school_year_label(campaign.school_year),
        "establishment": campaign.establishment.name,
        "closes_at": timezone.localtime(campaign.closes_at),
        "opens_at": timezone.localtime(campaign.opens_at),
        "message": campaign.message,
        "link": public_reverse("teleservices:services_en_ligne"),
    }


@transaction.atomic
def campaign_notify_start(
    *, campaign: Campaign, actor: User, ip_address: str | None = None
) -> Campaign:
    """Queues the opening notice of ``campaign`` to its concerned guardians (once per campaign)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.service not in ONLINE_SERVICES:
        raise ValidationError(texts.NOTIFY_ONLY_BOURSE)
    if campaign.notify_status != Campaign.NotifyStatus.NONE:
        raise ValidationError(texts.NOTIFY_ALREADY.format(campaign=campaign))
    campaign.notify_status = Campaign.NotifyStatus.PENDING
    campaign.total = len(concerned_guardian_user_ids(campaign))
    campaign.processed = 0
    campaign.save(update_fields=["notify_status", "total", "processed"])
    audit_record(
        action=AuditAction.DEMARCHES_CAMPAIGN_NOTIFIED,
        actor=actor,
        target=campaign,
        establishment=Establishment(pk=campaign.establishment_id),
        details={"guardians": campaign.total},
        ip_address=ip_address,
    )
    from ..tasks import campaign_notify as campaign_notify_task

    campaign_id = campaign.pk
    transaction.on_commit(lambda: campaign_notify_task.delay(campaign_id))
    return campaign


def campaign_notify_run(*, campaign_id: int) -> int:
    """The background part: one outbox mail per concerned guardian who did not turn démarches
    notices off, by batches saving the progress; idempotent (outbox keys), so a retry is safe."""
    campaign = Campaign.objects.select_related("establishment").get(pk=campaign_id)
    if campaign.notify_status == Campaign.NotifyStatus.DONE:
        return 0
    user_ids = concerned_guardian_user_ids(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        notify_status=Campaign.NotifyStatus.RUNNING, total=len(user_ids), processed=0
    )
    context = _mail_context(campaign)
    sent = 0
    size = conf.notify_batch_size()
    for start in range(0, len(user_ids), size):
        batch = user_ids[start : start + size]
        with transaction.atomic():
            for user_id, address in notice_recipients(kind=NOTICE_KIND, user_ids=batch).items():
                outbox_enqueue_mail(
                    idempotency_key=f"demarches:campaign:{campaign.pk}:open:{user_id}",
                    to=address,
                    template="demarches/emails/campaign_open",
                    context=context,
                )
                sent += 1
            Campaign.objects.filter(pk=campaign.pk).update(processed=start + len(batch))
    Campaign.objects.filter(pk=campaign.pk).update(
        notify_status=Campaign.NotifyStatus.DONE,
        processed=len(user_ids),
        notified_at=timezone.now(),
    )
    return sent


@transaction.atomic
def campaign_remind(
    *,
    campaign: Campaign,
    actor: User,
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> int:
    """Reminds the guardians of the pupils whose request is not sent; a guardian reminded today
    (by this action or an earlier one) is not reminded again. Returns how many were."""
    if campaign.service not in ONLINE_SERVICES:
        raise ValidationError(texts.NOTIFY_ONLY_BOURSE)
    if not campaign.is_open:
        raise ValidationError(texts.CAMPAIGN_NOT_OPEN)
    today = today or timezone.localdate()
    user_ids = concerned_guardian_user_ids(campaign, exclude_submitted=True)
    already = set(
        CampaignReminder.objects.filter(campaign=campaign, day=today).values_list(
            "user_id", flat=True
        )
    )
    addresses = notice_recipients(
        kind=NOTICE_KIND, user_ids=[user_id for user_id in user_ids if user_id not in already]
    )
    if not addresses:
        return 0
    try:
        with transaction.atomic():
            CampaignReminder.objects.bulk_create(
                [CampaignReminder(campaign=campaign, user_id=uid, day=today) for uid in addresses]
            )
    except IntegrityError:
        # Another reminder of the same minute won the race: it told them.
        return 0
    context = {**_mail_context(campaign), "reminder": True}
    for user_id, address in addresses.items():
        outbox_enqueue_mail(
            idempotency_key=f"demarches:campaign:{campaign.pk}:remind:{user_id}:{today:%Y%m%d}",
            to=address,
            template="demarches/emails/campaign_reminder",
            context=context,
        )
    audit_record(
        action=AuditAction.DEMARCHES_CAMPAIGN_REMINDED,
        actor=actor,
        target=campaign,
        establishment=Establishment(pk=campaign.establishment_id),
        details={"guardians": len(addresses)},
        ip_address=ip_address,
    )
    return len(addresses)
