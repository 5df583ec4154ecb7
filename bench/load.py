"""The peak bench's load generator: paced client threads, each a browser of bench/client.py."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

LOGIN_PATH = "/connexion/eleve-parent/"
# Each page is checked for its own <title>, not just for a 200.
PAGES = {
    "mes_applications": [("/mes-applications/", "<title>Mes applications —")],
    "mon_compte": [
        ("/compte/profil/", "<title>Profil — Mon compte —"),
        ("/compte/enfants/", "<title>Enfants — Mon compte —"),
    ],
}
KINDS = ["login", "login_form", "mes_applications", "mon_compte"]


def family_address(n: int) -> str:
    """One address per simulated family (10.0.0.0/8), as the reverse proxy would report it."""
    n += 1
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []
        self.reconnects = 0
        self.recording = False

    def ok(self, kind: str, seconds: float) -> None:
        if self.recording:
            with self.lock:
                self.latencies[kind].append(seconds * 1000)

    def error(self, kind: str, what: str) -> None:
        if self.recording:
            with self.lock:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {what}")


def login(browser, identifier: str, password: str, results: Results | None = None) -> bool:
    from bench.client import CSRF_INPUT

    status, text, elapsed = browser.request("GET", LOGIN_PATH)
    match = CSRF_INPUT.search(text)
    if status != 200 or not match:
        if results:
            results.error("login_form", f"GET {LOGIN_PATH} → {status}")
        return False
    if results:
        results.ok("login_form", elapsed)
    form = {"csrfmiddlewaretoken": match.group(1), "login": identifier, "password": password}
    status, text, elapsed = browser.request("POST", LOGIN_PATH, form)
    good = (
        status == 302
        and "sessionid" in browser.cookies
        and LOGIN_PATH not in (browser.location or LOGIN_PATH)
    )
    if results:
        if good:
            results.ok("login", elapsed)
        else:
            results.error("login", f"POST → {status} vers {browser.location}")
    return good


def paced(rate_per_thread: float, stop: threading.Event):
    """Yields at the thread's pace; never bursts to catch up after a slow request."""
    interval = 1 / rate_per_thread
    next_at = time.monotonic()
    while not stop.is_set():
        now = time.monotonic()
        if next_at > now:
            if stop.wait(next_at - now):
                return
        else:
            next_at = now
        next_at += interval
        yield


def login_client(base_url, identifiers, password, numbers, rate, stop, results) -> None:
    from bench.client import Browser

    for _ in paced(rate, stop):
        n = next(numbers)
        browser = Browser(base_url, headers={"X-Forwarded-For": family_address(n)})
        try:
            login(browser, identifiers[n % len(identifiers)], password, results)
        except Exception as exc:  # noqa: BLE001 - a failed request is an error of the run
            results.error("login", f"{type(exc).__name__}: {exc}")
        finally:
            browser.close()


def page_client(browser, offset, rate, stop, results) -> None:
    sequence = [
        ("mes_applications", *PAGES["mes_applications"][0]),
        ("mon_compte", *PAGES["mon_compte"][0]),
        ("mes_applications", *PAGES["mes_applications"][0]),
        ("mon_compte", *PAGES["mon_compte"][1]),
    ]
    step = offset
    for _ in paced(rate, stop):
        kind, path, marker = sequence[step % len(sequence)]
        step += 1
        try:
            status, text, elapsed = browser.request("GET", path)
        except Exception as exc:  # noqa: BLE001
            results.error(kind, f"GET {path}: {type(exc).__name__}: {exc}")
            continue
        if status == 200 and marker in text:
            results.ok(kind, elapsed)
        else:
            results.error(kind, f"GET {path} → {status}")
