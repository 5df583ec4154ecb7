"""Bloc-notes and Tâches: CRUD, limits, bad input (French message, nothing written), owner
checks, fixed query counts with 1 and 50 items, erasure with the account."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bureau import messages as texts
from bureau import services
from bureau.models import Note, Task
from tests.factories import UserFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = UserFactory(profile=User.Profile.ELEVE, accepted_charter_version=99)
    client.force_login(user)
    return user


def test_note_create_edit_delete_newest_first(client, owner):
    response = client.post(reverse("bureau:notes"), {"title": "Courses", "text": "<b>pain</b>"})
    assert response.status_code == 302
    client.post(reverse("bureau:notes"), {"title": "Révisions", "text": ""})
    page = client.get(reverse("bureau:notes")).content.decode()
    assert page.index("Révisions") < page.index("Courses")
    assert "&lt;b&gt;pain&lt;/b&gt;" in page and "<b>pain</b>" not in page
    note = Note.objects.get(title="Courses")
    client.post(reverse("bureau:note_edit", args=[note.pk]), {"title": "Courses 2", "text": "x"})
    note.refresh_from_db()
    assert (note.title, note.text) == ("Courses 2", "x")
    client.post(reverse("bureau:note_delete", args=[note.pk]))
    assert not Note.objects.filter(pk=note.pk).exists()


def test_empty_note_gets_a_french_message_and_writes_nothing(client, owner):
    response = client.post(reverse("bureau:notes"), {"title": "  ", "text": "texte"})
    assert response.status_code == 200
    assert texts.NOTE_TITLE_REQUIRED in response.content.decode()
    assert not Note.objects.exists()


def test_note_limit(owner, monkeypatch):
    monkeypatch.setattr(services, "MAX_NOTES", 2)
    services.note_create(owner=owner, title="a", text="")
    services.note_create(owner=owner, title="b", text="")
    with pytest.raises(ValidationError) as error:
        services.note_create(owner=owner, title="c", text="")
    assert texts.NOTE_LIMIT in error.value.messages
    assert Note.objects.count() == 2


def test_too_long_note_is_refused(client, owner):
    response = client.post(reverse("bureau:notes"), {"title": "a", "text": "x" * 10_001})
    assert response.status_code == 200
    assert not Note.objects.exists()


def test_tasks_toggle_filter_and_overdue(client, owner):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(reverse("bureau:tasks"), {"title": "Rendre le DM", "due_on": yesterday.isoformat()})
    client.post(reverse("bureau:tasks"), {"title": "Lire", "due_on": ""})
    todo = client.get(reverse("bureau:tasks")).content.decode()
    assert "Rendre le DM" in todo and "En retard" in todo and "Lire" in todo
    task = Task.objects.get(title="Lire")
    client.post(reverse("bureau:task_toggle", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_at is not None
    done = client.get(reverse("bureau:tasks") + "?filtre=faites").content.decode()
    assert "Lire" in done and "Rendre le DM" not in done
    client.post(reverse("bureau:task_delete", args=[task.pk]))
    assert not Task.objects.filter(pk=task.pk).exists()


def test_invalid_due_date_gets_a_french_message(client, owner):
    response = client.post(reverse("bureau:tasks"), {"title": "DM", "due_on": "31/02/2026"})
    assert texts.TASK_DUE_INVALID in response.content.decode()
    assert not Task.objects.exists()


def test_another_users_note_and_task_are_404(client, owner):
    other = UserFactory()
    note = Note.objects.create(owner=other, title="secret")
    task = Task.objects.create(owner=other, title="secret")
    assert client.get(reverse("bureau:note_edit", args=[note.pk])).status_code == 404
    assert client.post(reverse("bureau:note_delete", args=[note.pk])).status_code == 404
    assert client.post(reverse("bureau:task_toggle", args=[task.pk])).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists() and Task.objects.get(pk=task.pk).done_at is None
    assert "secret" not in client.get(reverse("bureau:notes")).content.decode()


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("name", ["bureau:notes", "bureau:tasks"])
def test_pages_cost_a_fixed_number_of_queries(client, owner, n, name):
    Note.objects.bulk_create(Note(owner=owner, title=f"n{i}") for i in range(n))
    Task.objects.bulk_create(Task(owner=owner, title=f"t{i}") for i in range(n))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    # (session,) user, current charter (middleware), the list.
    assert len(queries) == session_queries() + 3, [q["sql"][:90] for q in queries]


def test_bureau_goes_with_the_account(owner):
    services.note_create(owner=owner, title="a", text="")
    services.task_create(owner=owner, title="b", due_on=None)
    owner.delete()
    assert not Note.objects.exists() and not Task.objects.exists()
