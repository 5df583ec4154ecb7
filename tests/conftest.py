import pytest

from accounts.models import User

from .factories import (
    DEFAULT_PASSWORD,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache: each test starts from an empty one."""
    from django.core.cache import caches

    from core.versions import forget_all_local

    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_all_local()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_all_local()


@pytest.fixture
def seeded_data(db):
    """The rows the data migrations seed (charte v1, application catalogue). Transactional tests
    flush the database after each test, so they ask for them again; the seeds are idempotent."""
    import importlib

    from django.apps import apps

    for module in (
        "portal.migrations.0002_seed_charter_v1",
        "apps_catalog.migrations.0003_seed_catalogue",
        "apps_catalog.migrations.0004_school_life_tiles",
        "apps_catalog.migrations.0005_audience_descriptions",
        "apps_catalog.migrations.0006_messagerie_tile",
        "sso.migrations.0002_pronote_tile_service",
        "pronote_bridge.migrations.0002_academie_pronote_service_off",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def sms_outbox(settings):
    """SMS land in ``outbox.sms.outbox``; tasks run in-process even with a Redis broker (CI)."""
    from outbox import sms

    settings.SMS_BACKEND = "outbox.sms.backends.locmem.SmsBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CARTABLE_PUBLIC_URL = "http://testserver"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def establishment(db):
    return EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol")


@pytest.fixture
def parent_with_children(establishment):
    """An active guardian account with two children in the same collège."""
    account = UserFactory(
        username="s.martin", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT
    )
    guardian = GuardianFactory(
        establishment=establishment, last_name="MARTIN", first_name="Sophie", account=account
    )
    dylan = PupilFactory(establishment=establishment, last_name="MARTIN", first_name="Dylan")
    florian = PupilFactory(establishment=establishment, last_name="MARTIN", first_name="Florian")
    GuardianLinkFactory(pupil=dylan, guardian=guardian)
    GuardianLinkFactory(pupil=florian, guardian=guardian)
    return account


@pytest.fixture
def teacher(establishment):
    account = UserFactory(
        username="j.prof",
        first_name="Jean",
        last_name="Prof",
        profile=User.Profile.ENSEIGNANT,
        establishment=establishment,
    )
    StaffMemberFactory(
        establishment=establishment, last_name="PROF", first_name="Jean", account=account
    )
    return account


@pytest.fixture
def secretary(establishment):
    return UserFactory(
        username="a.secretariat",
        first_name="Annie",
        last_name="Secrétariat",
        profile=User.Profile.PERSONNEL,
        establishment=establishment,
        is_staff=True,
    )


# --- Browser tests: Debian's chromium driven by Playwright (never a downloaded browser) ---------

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test itself makes
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") saves var/screenshots/<test>/<nn>-<step>.png and returns the path."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "var" / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- Admin behind a TOTP passcode (staff_otp) ----------------------------------------------------


def mark_session_otp_verified(client) -> None:
    """Marks the client's session as having typed a TOTP passcode, as a passcode login does."""
    from staff_otp.services import SESSION_VERIFIED_KEY

    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_admin_otp(request, monkeypatch):
    """``client.force_login`` skips authentication altogether: it stands for a complete login,
    password and TOTP passcode, so admin tests reach the admin. Tests of the gate itself are
    marked ``real_admin_otp``."""
    if request.node.get_closest_marker("real_admin_otp"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_session_otp_verified(self)

    monkeypatch.setattr(Client, "force_login", force_login)


# --- Accessibility: axe-core (npm, pinned by dev.py test in var/node) ---------------------------

AXE_PATH = "var/node/node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / AXE_PATH
    if not path.is_file():
        pytest.fail(f"{AXE_PATH} absent : lancez `python3 dev.py test` (installe axe-core).")
    return path.read_text()


@pytest.fixture
def axe(axe_source):
    """axe(page) runs axe-core on the page; fails the test with every violation it finds."""

    def check(page) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: the page's Content-Security-Policy (no
            # inline script) would rightly refuse an injected <script> tag.
            page.evaluate(axe_source)
        results = page.evaluate("async () => await window.axe.run(document)")
        problems = [
            f"{violation['id']} ({len(violation['nodes'])}): "
            + "; ".join(node["target"][0] for node in violation["nodes"][:5])
            for violation in results["violations"]
        ]
        assert not problems, f"{page.url} :\n" + "\n".join(problems)

    return check
