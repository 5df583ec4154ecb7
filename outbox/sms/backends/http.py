"""A real SMS provider over HTTP: JSON API with a bearer token (documented in docs/outbox.md).

``POST {SMS_HTTP_URL}`` with ``Authorization: Bearer {SMS_HTTP_TOKEN}`` and the JSON body
``{"to": "+33…", "text": "…", "sender": "…", "reference": "<idempotency key>"}``.
2xx: accepted. 4xx: refused for good (``SmsPermanentError``). 5xx, timeout, network error:
``SmsTemporaryError``, and the outbox tries again later with a backoff.

A refusal is remembered (per reference, in the cache) so the outbox's later attempts of the same
message fail at once without calling the provider again.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from ... import conf
from .base import BaseSmsBackend, SmsMessage, SmsPermanentError, SmsTemporaryError

REFUSED_KEY = "outbox:sms-refused:{reference}"
REFUSED_MEMORY = 3 * 24 * 3600


class SmsBackend(BaseSmsBackend):
    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.url = url or conf.sms_http_url()
        self.token = token or conf.sms_http_token()
        self.timeout = float(timeout or conf.sms_http_timeout())
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_HTTP_URL doit être une adresse http(s)://.")
        if not self.token:
            raise ImproperlyConfigured("SMS_HTTP_TOKEN est vide.")

    def send(self, message: SmsMessage) -> None:
        refused_key = REFUSED_KEY.format(reference=message.reference)
        earlier_refusal = cache.get(refused_key) if message.reference else None
        if earlier_refusal:
            raise SmsPermanentError(f"déjà refusé par le fournisseur : {earlier_refusal}")
        payload = json.dumps(
            {
                "to": message.to,
                "text": message.text,
                "sender": message.sender,
                "reference": message.reference,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=payload,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Idempotency-Key": message.reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read(65536)
        except urllib.error.HTTPError as exc:
            detail = f"HTTP {exc.code} {exc.read(2000).decode('utf-8', 'replace')}".strip()
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                if message.reference:
                    cache.set(refused_key, detail[:300], REFUSED_MEMORY)
                raise SmsPermanentError(detail) from exc
            raise SmsTemporaryError(detail) from exc
        except TimeoutError as exc:
            raise SmsTemporaryError(f"délai dépassé ({self.timeout:g} s)") from exc
        except urllib.error.URLError as exc:
            raise SmsTemporaryError(f"fournisseur injoignable : {exc.reason}") from exc
