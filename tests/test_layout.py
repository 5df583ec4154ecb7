"""Ratchets on the shape of the code: what a reviewer would otherwise have to re-check by hand
at every change."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's packages: the import contract's, and the settings.
APPS = (
    *tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"],
    "config",
)


def project_modules(*, include_tests: bool = False):
    roots = [*APPS, "tests", "bench", "dev.py"] if include_tests else list(APPS)
    for root in roots:
        path = ROOT / root
        files = [path] if path.is_file() else sorted(path.rglob("*.py")) if path.exists() else []
        for file in files:
            if "migrations" in file.parts:
                continue
            yield file


def _relative(file: Path) -> str:
    return file.relative_to(ROOT).as_posix()


# --- The account lifecycle is the only writer of state, activity, password and session stamp ----

LIFECYCLE = ("accounts/lifecycle/", "accounts/models/")
GUARDED_ATTRIBUTES = {"state", "is_active", "session_stamp", "state_changed_at"}
GUARDED_CALLS = {"set_password", "set_unusable_password", "rotate_session_stamp"}
GUARDED_UPDATE_KEYWORDS = {"state", "session_stamp", "password"}


def _lifecycle_writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in GUARDED_ATTRIBUTES:
                found.append((node.lineno, f".{target.attr} ="))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in GUARDED_CALLS:
                found.append((node.lineno, f".{node.func.attr}()"))
            if node.func.attr in {"update", "bulk_update"}:
                keywords = {keyword.arg for keyword in node.keywords}
                if keywords & GUARDED_UPDATE_KEYWORDS:
                    found.append(
                        (
                            node.lineno,
                            f".{node.func.attr}({sorted(keywords & GUARDED_UPDATE_KEYWORDS)})",
                        )
                    )
    return found


def test_only_the_account_lifecycle_writes_state_activity_password_and_sessions():
    offenders = []
    for file in project_modules():
        relative = _relative(file)
        if relative.startswith(LIFECYCLE):
            continue
        for line, what in _lifecycle_writes(ast.parse(file.read_text(), relative)):
            offenders.append(f"{relative}:{line} {what}")
    assert not offenders, "Passez par accounts.lifecycle :\n" + "\n".join(offenders)


def test_the_lifecycle_guard_sees_what_it_guards():
    sample = ast.parse(
        "account.state = 'x'\nuser.set_password(p)\nUser.objects.filter().update(state='active')\n"
        "a.rotate_session_stamp()\nbatch.status = 'done'\n"
    )
    assert [what for _, what in _lifecycle_writes(sample)] == [
        ".state =",
        ".set_password()",
        ".update(['state'])",
        ".rotate_session_stamp()",
    ]


# --- Every audited admin action is a member of AuditAction --------------------------------------


@pytest.mark.django_db
def test_every_audited_admin_action_is_enumerated(rf):
    """An admin that may add, change or delete rows audits it as ``admin.<model>.<verb>``: each of
    those must be a member of AuditAction (``audit_record`` refuses any other value)."""
    from django.contrib import admin

    from accounts.admin import EstablishmentScopedAdminMixin
    from accounts.audit import AuditAction
    from accounts.models import User

    request = rf.get("/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    missing = []
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, EstablishmentScopedAdminMixin):
            continue
        name = model_admin.audit_name or model_admin.model._meta.model_name
        allowed = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }
        missing += [
            f"admin.{name}.{verb}"
            for verb, yes in allowed.items()
            if yes and f"admin.{name}.{verb}" not in AuditAction.values
        ]
    assert not missing, f"Ajoutez à AuditAction : {missing}"


# --- Small modules, one neutral refusal, settings read one way -----------------------------------

MAX_MODULE_LINES = 400


def test_no_module_is_over_the_size_limit():
    big = [
        f"{_relative(file)} ({count} lignes)"
        for file in project_modules(include_tests=True)
        if (count := len(file.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not big, f"Découpez ces modules (plus de {MAX_MODULE_LINES} lignes) : {big}"


def test_the_neutral_login_refusal_is_written_once():
    """The anti-enumeration pages must not drift apart: one definition, everyone imports it."""
    holders = [
        _relative(file)
        for file in project_modules()
        if "Identifiant ou mot de passe incorrect" in file.read_text()
    ]
    templates = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and "Identifiant ou mot de passe incorrect" in path.read_text()
    ]
    assert holders == ["accounts/messages.py"] and not templates, holders + templates


def _reads_a_setting(node: ast.AST) -> bool:
    """``getattr(settings, …)`` (an optional setting with its default) or ``settings.CARTABLE_…``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "settings"
    ):
        return True
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "settings"
        and node.attr.startswith("CARTABLE_")
    )


def test_settings_are_read_through_each_apps_conf():
    """Cartable's settings, and any setting read with a default, only in an app's conf.py."""
    offenders = [
        f"{_relative(file)}:{node.lineno}"
        for file in project_modules()
        if file.name != "conf.py" and not _relative(file).startswith("config/")
        for node in ast.walk(ast.parse(file.read_text()))
        if _reads_a_setting(node)
    ]
    assert not offenders, offenders


def test_every_retention_rule_is_documented():
    """docs/architecture.md says when each kind of data is erased: it must list every rule."""
    from core import retention

    documented = (ROOT / "docs" / "architecture.md").read_text()
    missing = [rule.key for rule in retention.rules() if f"`{rule.key}`" not in documented]
    assert not missing, (
        f"Documentez ces règles de conservation dans docs/architecture.md : {missing}"
    )


@pytest.mark.django_db
def test_the_retention_command_lists_and_runs_the_rules():
    from io import StringIO

    from django.core.management import call_command

    listed, ran = StringIO(), StringIO()
    call_command("retention", stdout=listed)
    call_command("retention", "--run", stdout=ran)
    assert "comptes_courrier_expire" in listed.getvalue() and "effacé" not in listed.getvalue()
    assert "messages_sortants_purges — 0 ligne effacée" in ran.getvalue()


def _ngettext_calls() -> list[tuple[str, str, str]]:
    found = []
    for file in project_modules():
        for node in ast.walk(ast.parse(file.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"ngettext", "ngettext_lazy"}
            ):
                singular, plural = node.args[0], node.args[1]
                assert isinstance(singular, ast.Constant) and isinstance(plural, ast.Constant), (
                    f"{_relative(file)}:{node.lineno} : ngettext attend deux textes littéraux"
                )
                found.append((f"{_relative(file)}:{node.lineno}", singular.value, plural.value))
    return found


def test_every_plural_follows_the_french_rule():
    """French says "0 ligne", "1 ligne", "2 lignes": ngettext needs the compiled French catalogue
    (locale/fr, regenerated by ``python3 dev.py messages``) to know it; without an entry it would
    apply the English rule. Every ngettext of the code must be in it."""
    import gettext

    catalog = gettext.GNUTranslations((ROOT / "locale/fr/LC_MESSAGES/django.mo").open("rb"))
    calls = _ngettext_calls()
    assert calls, "aucun ngettext trouvé : le parcours du code ne voit plus rien"
    missing = [
        where
        for where, singular, plural in calls
        if catalog.ngettext(singular, plural, 0) != singular
    ]
    assert not missing, f"Pluriels absents du catalogue (python3 dev.py messages) : {missing}"
