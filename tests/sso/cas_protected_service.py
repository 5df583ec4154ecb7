"""A small CAS-protected web application, run as its own process by the tests: what a school's
Pronote (or any CAS client) does with Cartable's CAS server, through the real client library
``python-cas``.

    python cas_protected_service.py <CAS server URL, e.g. http://127.0.0.1:8000/cas/> <version>

``version``: 1, 2, 3 or CAS_2_SAML_1_0. It listens on a free port of 127.0.0.1 and prints it on
its first line. Routes:

* ``GET /app/…`` without a session: redirects to the CAS login; with ``ticket``: validates it
  (python-cas), opens a session (cookie) and shows who is signed in and their attributes;
  with a session: shows it;
* ``POST /app/…`` with ``logoutRequest``: the CAS single logout; the session of that ticket ends;
* ``GET /state``: JSON of the open sessions and the tickets logged out, for the test to read.
"""

from __future__ import annotations

import html
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cas import CASClient, CASClientV3

SERVER_URL = sys.argv[1]
VERSION = sys.argv[2]
LOCK = threading.Lock()
SESSIONS: dict[str, dict] = {}  # cookie → {"user", "attributes", "ticket"}
LOGGED_OUT: list[str] = []  # tickets named by logout requests


def client_for(service_url: str) -> CASClient:
    version = VERSION if VERSION == "CAS_2_SAML_1_0" else int(VERSION)
    return CASClient(version=version, service_url=service_url, server_url=SERVER_URL)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return

    def _send(
        self, status: int, body: str, content_type: str = "text/html; charset=utf-8", headers=None
    ):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _service_url(self) -> str:
        host = self.headers.get("Host")
        return f"http://{host}{urlsplit(self.path).path}"

    def _session(self) -> tuple[str, dict] | None:
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "app_session" and value in SESSIONS:
                return value, SESSIONS[value]
        return None

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        if url.path == "/state":
            with LOCK:
                state = {"sessions": list(SESSIONS.values()), "logged_out": list(LOGGED_OUT)}
            self._send(200, json.dumps(state), "application/json")
            return
        if not url.path.startswith("/app/"):
            self._send(404, "inconnu")
            return
        ticket = parse_qs(url.query).get("ticket", [""])[0]
        client = client_for(self._service_url())
        if ticket:
            user, attributes, _ = client.verify_ticket(ticket)
            if not user:
                self._send(403, "<h1>Ticket refusé</h1>")
                return
            cookie = secrets.token_urlsafe(16)
            with LOCK:
                SESSIONS[cookie] = {"user": user, "attributes": attributes or {}, "ticket": ticket}
            self._send(
                302,
                "",
                headers={"Location": url.path, "Set-Cookie": f"app_session={cookie}; Path=/"},
            )
            return
        found = self._session()
        if found is None:
            self._send(302, "", headers={"Location": client.get_login_url()})
            return
        session = found[1]
        rows = "".join(
            f"<li>{html.escape(name)} = <span id='attr-{html.escape(name)}'>"
            f"{html.escape(str(value))}</span></li>"
            for name, value in sorted(session["attributes"].items())
        )
        self._send(
            200,
            "<!DOCTYPE html><html lang='fr'><head><title>Service de test</title></head><body>"
            f"<main><h1>Connecté : <span id='user'>{html.escape(session['user'])}</span></h1>"
            f"<ul>{rows}</ul></main></body></html>",
        )

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        request = form.get("logoutRequest", [""])[0]
        indexes = CASClientV3.get_saml_slos(request) if request else None
        if not indexes:
            self._send(400, "logoutRequest attendu")
            return
        ticket = indexes[0].text
        with LOCK:
            LOGGED_OUT.append(ticket)
            for cookie, session in list(SESSIONS.items()):
                if session["ticket"] == ticket:
                    del SESSIONS[cookie]
        self._send(200, "ok")


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
