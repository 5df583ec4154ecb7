"""A bureau's data life: done tasks erased a year after, counted; the swept account's notes,
tasks and favoris erased when the purge deletes it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.lifecycle import accounts_purge_expired
from accounts.lifecycle.purge import SWEPT_USERNAME_PREFIX
from accounts.models import User
from bureau.models import Favorite, Note, Task
from core import retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_done_tasks_go_a_year_after_they_were_done():
    user = UserFactory()
    now = timezone.now()
    old = Task.objects.create(
        owner=user, title="vieille", done_at=now - datetime.timedelta(days=366)
    )
    recent = Task.objects.create(
        owner=user, title="récente", done_at=now - datetime.timedelta(days=300)
    )
    todo = Task.objects.create(owner=user, title="à faire", due_on=datetime.date(2020, 1, 1))
    (rule,) = [rule for rule in retention.rules() if rule.key == "taches_faites"]  # registered
    assert rule.run(now) == 1
    assert rule.run(now) == 0
    assert set(Task.objects.values_list("pk", flat=True)) == {recent.pk, todo.pk}
    assert not Task.objects.filter(pk=old.pk).exists()


def test_the_purge_of_a_swept_account_erases_its_bureau():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(
        state=User.State.EXPIRED, username=f"{SWEPT_USERNAME_PREFIX}{user.pk}"
    )
    Note.objects.create(owner=user, title="note")
    Task.objects.create(owner=user, title="tâche")
    Favorite.objects.create(owner=user, title="lien", url="https://example.org/")
    kept = UserFactory()
    Note.objects.create(owner=kept, title="gardée")
    assert accounts_purge_expired() == 1
    assert list(Note.objects.values_list("title", flat=True)) == ["gardée"]
    assert not Task.objects.exists() and not Favorite.objects.exists()
