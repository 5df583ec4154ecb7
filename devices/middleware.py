"""Device sessions: a session opened by pairing a phone carries the id of its ``Device``; every
request of it checks that the device is still connected (one query), so a device revoked from
"Mes appareils" loses access at its next request, whatever page it asks for.

Placed after the authentication and message middlewares, before anything that serves a page
(the dashboard's per-user page cache included). Other sessions cost nothing here: their session
holds no device id (and requests without a session cookie do not even load one).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils import timezone

from . import conf
from . import messages as texts
from .selectors import SessionCheck, device_session_check
from .services.devices import SESSION_DEVICE_KEY, device_touch


class DeviceSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie_name = conf.session_cookie_name()

    def __call__(self, request):
        if self.cookie_name in request.COOKIES:
            device_id = request.session.get(SESSION_DEVICE_KEY)
            if device_id is not None:
                self._check(request, int(device_id))
        return self.get_response(request)

    @staticmethod
    def _check(request, device_id: int) -> None:
        now = timezone.now()
        check = device_session_check(
            device_id=device_id, user_id=request.session.get(SESSION_KEY), now=now
        )
        if check is SessionCheck.DEAD:
            logout(request)
            messages.info(request, texts.DEVICE_SESSION_ENDED)
        elif check is SessionCheck.TOUCH:
            device_touch(device_id=device_id, now=now)
            # Saved again, the session (and its cookie) gets its full idle delay back.
            request.session.modified = True
