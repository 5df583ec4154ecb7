"""Ratchets on the shape of the code: what a reviewer would otherwise have to re-check by hand
at every change."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core", "outbox", "accounts", "activation", "recovery", "selfservice", "apps_catalog", "sso",
    "staff_otp", "teleservices", "pronote_bridge", "educonnect", "portal", "config",
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
                    found.append((node.lineno, f".{node.func.attr}({sorted(keywords & GUARDED_UPDATE_KEYWORDS)})"))
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
        ".state =", ".set_password()", ".update(['state'])", ".rotate_session_stamp()"
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
        missing += [f"admin.{name}.{verb}" for verb, yes in allowed.items()
                    if yes and f"admin.{name}.{verb}" not in AuditAction.values]
    assert not missing, f"Ajoutez à AuditAction : {missing}"
