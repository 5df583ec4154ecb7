"""Writes of Mes courriels: drafts, sending (all or nothing), moving between folders, the portal's
own messages (welcome, school notices) and the new-mail notices by e-mail.

Sending checks everything again on the server whatever the form posted: the communication rules
(``rules.reach``), the groups the sender may address (``groups.groups_for``), the confirmation of
a group send (the count the sender saw must be the count sent). The message, its sender's copy
and one delivery per recipient are written in one transaction of bulk inserts; the notices are
queued after commit.
"""

from .carnet import (
    MAX_CONTACTS,
    MAX_LIST_MEMBERS,
    CarnetRecipients,
    carnet_resolve,
    contact_add_group,
    contact_add_person,
    contact_delete,
    contact_list_create,
    contact_name,
    contact_update,
)
from .common import WELCOME_KEY, ConfirmationNeeded, Upload, user_label
from .drafts import draft_discard, draft_save, reply_draft
from .folders import (
    delivery_delete,
    delivery_mark_read,
    delivery_restore,
    delivery_trash,
    trash_sweep,
)
from .sending import Resolved, message_send, recipients_resolve
from .system import system_message_post, welcome_deliver

__all__ = [
    "MAX_CONTACTS",
    "MAX_LIST_MEMBERS",
    "CarnetRecipients",
    "carnet_resolve",
    "contact_add_group",
    "contact_add_person",
    "contact_delete",
    "contact_list_create",
    "contact_name",
    "contact_update",
    "WELCOME_KEY",
    "ConfirmationNeeded",
    "Resolved",
    "Upload",
    "delivery_delete",
    "delivery_mark_read",
    "delivery_restore",
    "delivery_trash",
    "draft_discard",
    "draft_save",
    "message_send",
    "recipients_resolve",
    "reply_draft",
    "system_message_post",
    "trash_sweep",
    "user_label",
    "welcome_deliver",
]
