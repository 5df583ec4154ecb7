"""Logging in with a letter's temporary password.

Appended to AUTHENTICATION_BACKENDS after the normal ones. It accepts only a provisional account
and only one of its live letters; the session it opens is confined to the first-connection pages
by ``activation.middleware.ActivationMiddleware``.

A password that matches a letter that is no longer valid (expired, replaced, already used) does
not log in; the request is flagged so the login page can send the family to "contact the school"
instead of a plain "wrong password" (only someone holding the letter can learn that).
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from accounts.models import User

from .models import Letter
from .passwords import temp_password_matches

REQUEST_LETTER_ATTR = "_activation_letter_id"
REQUEST_DEAD_LETTER_ATTR = "_activation_dead_letter"
# Dead letters (revoked, used, expired) are tried only to tell "contact the school" instead of
# "wrong password"; the most recent few are enough and bound the hashing work per attempt. Live
# letters are all tried: a guardian has one per child, and reprinting one child's letter must not
# hide a sibling's.
MAX_DEAD_LETTERS_CHECKED = 3


class LetterBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = User.objects.filter(username=username.strip().lower()).first()
        if user is None or user.profile not in User.EDUCONNECT_PROFILES or not user.is_active:
            return None
        live = list(Letter.objects.live().filter(account=user).order_by("-created_at"))
        if user.state == User.State.PROVISIONAL:
            for letter in live:
                if temp_password_matches(password, letter.temp_password_hash):
                    if request is not None:
                        setattr(request, REQUEST_LETTER_ATTR, letter.pk)
                    return user
        dead = (
            Letter.objects.filter(account=user)
            .exclude(pk__in=[letter.pk for letter in live])
            .order_by("-created_at")[:MAX_DEAD_LETTERS_CHECKED]
        )
        candidates = dead if user.state == User.State.PROVISIONAL else [*live, *dead]
        if request is not None and any(
            temp_password_matches(password, letter.temp_password_hash) for letter in candidates
        ):
            setattr(request, REQUEST_DEAD_LETTER_ATTR, True)
        return None

    def get_user(self, user_id):
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
