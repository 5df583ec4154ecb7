"""Moving models between apps loses nothing: a database at the previous layout (before the apps
were cut by domain) migrates to today's with every row, and every permission granted on a moved
model still grants it.

The database is filled at the current layout, taken back to the previous layout (which must keep
every row too), given a group permission on the old content type as an old database has, then
migrated forward again.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from activation.models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch, SmsCode
from outbox.models import OutboxMessage
from recovery.models import EmergencyAccessRequest, PasswordResetToken
from selfservice.models import AccountMerge, EmailChangeRequest
from tests.factories import GuardianLinkFactory, LetterFactory, UserFactory

# The leaf migrations of every project app at the last commit of the previous layout.
PREVIOUS_LAYOUT = [
    ("accounts", "0002_lean_indexes_for_the_sweep"),
    ("apps_catalog", "0003_seed_catalogue"),
    ("educonnect", "0001_initial"),
    ("portal", "0002_seed_charter_v1"),
    ("teleservices", "0002_account_merge_email_change"),
]
# (old app label, model) → new app label, for every model that changed app.
MOVED = {
    ("teleservices", "outboxmessage"): "outbox",
    ("teleservices", "letterbatch"): "activation",
    ("teleservices", "letter"): "activation",
    ("teleservices", "firstconnectionlock"): "activation",
    ("teleservices", "emailconfirmation"): "activation",
    ("educonnect", "smscode"): "activation",
    ("teleservices", "emailchangerequest"): "selfservice",
    ("teleservices", "accountmerge"): "selfservice",
    ("educonnect", "passwordresettoken"): "recovery",
    ("educonnect", "emergencyaccessrequest"): "recovery",
}
UNTRACKED_TABLES = {"django_migrations", "django_content_type", "django_session"}


def _snapshot() -> dict[str, dict[str, list]]:
    """Every row of every table, column by column (name → values in row order)."""
    tables = sorted(set(connection.introspection.table_names()) - UNTRACKED_TABLES)
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the database
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
            snapshot[table] = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return snapshot


def _rows(snapshot: dict[str, dict[str, list]], other: dict[str, dict[str, list]]) -> dict:
    """The rows of ``snapshot`` on the columns both snapshots have: a column added after the
    previous layout (and dropped on the way back), or moved by SQLite's table rebuild, is not a
    lost or changed row; nor is an empty table the previous layout did not have."""
    result = {}
    for table, columns in snapshot.items():
        size = len(next(iter(columns.values()), []))
        if table not in other and size == 0:
            continue  # an empty table of a later model, dropped on the way back
        common = sorted(set(columns) & set(other.get(table, columns)))
        result[table] = sorted(
            repr(tuple(columns[name][i] for name in common)) for i in range(size)
        )
    return result


def _without(columns: dict[str, list], other: dict[str, list], rows: set[str]) -> dict[str, list]:
    """``columns`` less the rows (as ``_rows`` spells them on the columns shared with ``other``)."""
    common = sorted(set(columns) & set(other))
    size = len(next(iter(columns.values()), []))
    keep = [i for i in range(size) if repr(tuple(columns[name][i] for name in common)) not in rows]
    return {name: [values[i] for i in keep] for name, values in columns.items()}


def _fill() -> None:
    """One row at least in every table of a moved model."""
    now = timezone.now()
    later = now + datetime.timedelta(hours=1)
    link = GuardianLinkFactory()
    pupil, guardian = link.pupil, link.guardian
    survivor = UserFactory(username="m.survivant")
    absorbed = UserFactory(username="m.absorbe", state="closed")
    batch = LetterBatch.objects.create(
        establishment=pupil.establishment, scope="school", status="done"
    )
    letter = LetterFactory(pupil=pupil, batch=batch)
    FirstConnectionLock.objects.create(
        letter=letter, account=letter.account, reason="account", locked_until=later
    )
    EmailConfirmation.objects.create(
        account=survivor, email="a@example.org", token_hash="a" * 64, expires_at=later
    )
    SmsCode.objects.create(
        purpose="creation", phone="+33612345678", code_salt="s", code_hash="h", expires_at=later
    )
    EmailChangeRequest.objects.create(
        account=survivor, new_email="b@example.org", token_hash="b" * 64, expires_at=later
    )
    AccountMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        absorbed_previous_state="active",
        guardian_ids=[guardian.pk],
    )
    PasswordResetToken.objects.create(account=survivor, token_hash="c" * 64, expires_at=later)
    EmergencyAccessRequest.objects.create(
        establishment=pupil.establishment,
        pupil=pupil,
        last_name="X",
        first_name="Y",
        division_label="5 B",
        birth_date=pupil.birth_date,
    )
    OutboxMessage.objects.create(
        idempotency_key="migration-test", to="a@example.org", body="x", next_attempt_at=later
    )


@pytest.mark.django_db(transaction=True)
def test_the_previous_layout_migrates_with_every_row_and_every_grant():
    # Rows the later data migrations seeded (tiles, default motives, the Pronote CAS service) are
    # still there when this test runs first (a transactional test before it flushes them): their
    # migrations take them back on the way down, which is not a loss of anyone's data.
    seeded = _snapshot()
    _fill()
    before = _snapshot()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(PREVIOUS_LAYOUT)
    after = _snapshot()
    for table in seeded:
        if table in before and table in after:
            taken_back = set(_rows(seeded, after).get(table, [])) - set(
                _rows(after, seeded).get(table, [])
            )
            before[table] = _without(before[table], after[table], taken_back)
    # Tables of models the previous layout did not have are dropped on the way back, with the
    # rows their own data migrations seeded (the CAS server's Pronote service…): not a loss. A
    # table the previous layout had must come back with every row.
    old_tables = {
        model._meta.db_table
        for model in executor.loader.project_state(PREVIOUS_LAYOUT).apps.get_models()
    }
    for table in set(before) - set(after) - old_tables:
        del before[table]
    assert _rows(after, before) == _rows(before, after), (
        "revenir à l'ancienne organisation a perdu ou changé des lignes"
    )

    # As an old database has it: the secretariat's group holds permissions on the old content types.
    group = Group.objects.create(name="Secrétariat (ancienne base)")
    old_apps = executor.loader.project_state(PREVIOUS_LAYOUT).apps
    old_content_type = old_apps.get_model("contenttypes", "ContentType")
    old_permission = old_apps.get_model("auth", "Permission")
    for (app_label, model), _ in MOVED.items():
        content_type = old_content_type.objects.get(app_label=app_label, model=model)
        permission, _ = old_permission.objects.get_or_create(
            content_type=content_type,
            codename=f"view_{model}",
            defaults={"name": f"Can view {model}"},
        )
        old_apps.get_model("auth", "Group").objects.get(pk=group.pk).permissions.add(permission)
    granted = _snapshot()

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    ContentType.objects.clear_cache()
    migrated = _snapshot()
    for table in set(migrated) - set(granted) - old_tables:
        del migrated[table]  # a later model's table, with what its own migrations seeded
    for table in seeded:
        if table in migrated and table in granted and _rows(seeded, granted).get(table):
            # What the later data migrations seed again on the way up (new ids): not a change;
            # every row the old layout had must still be there.
            seeded_again = set(_rows(migrated, granted)[table]) - set(
                _rows(granted, migrated)[table]
            )
            migrated[table] = _without(migrated[table], granted[table], seeded_again)
    assert _rows(migrated, granted) == _rows(granted, migrated), (
        "la migration vers la nouvelle organisation a perdu ou changé des lignes"
    )

    for (app_label, model), new_label in MOVED.items():
        assert not ContentType.objects.filter(app_label=app_label, model=model).exists()
        assert Permission.objects.filter(
            group=group, content_type__app_label=new_label, codename=f"view_{model}"
        ).exists(), f"{app_label}.{model} → {new_label} : la permission du groupe est perdue"
    # The moved models read their rows where they always were.
    for model in (
        OutboxMessage,
        LetterBatch,
        Letter,
        FirstConnectionLock,
        EmailConfirmation,
        SmsCode,
        EmailChangeRequest,
        AccountMerge,
        PasswordResetToken,
        EmergencyAccessRequest,
    ):
        assert model.objects.exists(), model
