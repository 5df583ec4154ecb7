"""What Mes courriels does when something happens elsewhere: a new active account gets its
welcome message; a school notice of a lower app (``core.school_mail``) lands in the mailboxes."""

from __future__ import annotations

from typing import Any

from core.school_mail import SchoolMail

from . import services


def account_activated(sender: Any, account: Any, **kwargs: Any) -> None:
    services.welcome_deliver(account=account)


def school_mail_post(mail: SchoolMail) -> bool:
    message = services.system_message_post(
        recipient_ids=mail.recipient_ids,
        subject=mail.subject,
        body_html=mail.body_html,
        establishment_id=mail.establishment_id,
        sender_label=mail.sender_label,
    )
    return message is not None
