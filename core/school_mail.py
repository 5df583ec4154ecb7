"""School notices into the ENT's internal mail, for apps that may not import it.

The mail app (``messagerie``) sits above the apps that have something to tell a staff member (the
pupils' emergency access for the référent numérique…). It registers its poster from its
``AppConfig.ready`` (``register_poster``); a lower app calls ``post`` inside its own transaction,
so the message is written with what it announces, or not at all. Without a mail app installed,
``post`` does nothing and says so (returns ``False``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SchoolMail:
    recipient_ids: tuple[int, ...]  # accounts
    subject: str
    body_html: str  # sanitised again by the poster
    establishment_id: int | None = None
    sender_label: str = ""  # e.g. "Accès de secours"; the portal's name when empty


Poster = Callable[[SchoolMail], bool]
_POSTER: list[Poster] = []


def register_poster(poster: Poster) -> None:
    _POSTER[:] = [poster]


def post(
    *,
    recipient_ids: Iterable[int],
    subject: str,
    body_html: str,
    establishment_id: int | None = None,
    sender_label: str = "",
) -> bool:
    """Posts the notice into each recipient's mailbox; ``False`` when nothing received it."""
    ids = tuple(sorted(set(recipient_ids)))
    if not _POSTER or not ids:
        return False
    return _POSTER[0](
        SchoolMail(
            recipient_ids=ids,
            subject=subject,
            body_html=body_html,
            establishment_id=establishment_id,
            sender_label=sender_label,
        )
    )
