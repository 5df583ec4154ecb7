"""A minimal HTTP client for the benchmarks: keeps cookies, never follows redirects."""

from __future__ import annotations

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, base_url: str, *, headers: dict[str, str] | None = None):
        parts = urlsplit(base_url)
        # Sent with every request (the peak bench's X-Forwarded-For, as a reverse proxy adds it).
        self.headers = dict(headers or {})
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.location: str | None = None  # the last response's Location header
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.requests = 0  # answered on this connection (a fresh one is never retried)
        self.reconnects = 0

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, float]:
        headers = {"Host": f"{self.host}:{self.port}", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle kept-alive connection (gunicorn's keepalive): like any
            # HTTP client, open a new one and send the request again, once.
            if not self.requests:
                raise
            self.reconnects += 1
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        self.requests += 1
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - started
        self.location = response.getheader("Location")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, elapsed

    def csrf_token(self, path: str) -> str:
        status, text, _ = self.request("GET", path)
        match = CSRF_INPUT.search(text)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path} → {status}, pas de jeton CSRF")
        return match.group(1)

    def close(self) -> None:
        self.connection.close()
