"""The e-mail notices the portal sends on its own (an absence recorded, a new internal mail…),
each of which a person may turn off in Mon compte.

Each feature app registers its kinds from its ``AppConfig.ready`` (``register``); Mon compte lists
the kinds of the user's profile without knowing the apps, and each app asks
``accounts.selectors.notice_recipients`` who still wants a notice before writing it to the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoticeKind:
    key: str  # stored with each opt-out, e.g. "vie_scolaire"
    label: str  # what Mon compte shows, in French
    description: str
    profiles: frozenset[str]  # the account profiles it concerns
    order: int = 100


_KINDS: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kinds_for(profile: str) -> list[NoticeKind]:
    return [kind for kind in kinds() if profile in kind.profiles]


def is_registered(key: str) -> bool:
    return key in _KINDS
