"""A regroupement hands the closed account's personal notes, tasks (bureau) and events (agenda)
to the remaining account; its undo gives back exactly those, whatever was written since."""

import datetime

import pytest
from django.utils import timezone

from agenda.models import PersonalEvent
from bureau.models import Favorite, Note, Task
from selfservice.models import AccountMerge
from selfservice.services.merge import account_merge_undo, accounts_merge

pytestmark = pytest.mark.django_db


def _owners(model) -> dict[str, int]:
    return dict(model.objects.values_list("title", "owner_id"))


def test_notes_and_tasks_follow_the_merge_and_come_back_on_undo(family, secretariat):
    sophie, other = family["sophie"], family["other"]
    Note.objects.create(owner=other, title="Rendez-vous CPE")
    Task.objects.create(owner=other, title="Signer le carnet")
    Note.objects.create(owner=sophie, title="Liste de fournitures")
    day = timezone.localdate() + datetime.timedelta(days=2)
    PersonalEvent.objects.create(owner=other, title="Dentiste", starts_on=day, ends_on=day)

    merge = accounts_merge(survivor=sophie, absorbed_id=other.pk, joint=False)

    assert _owners(Note) == {"Rendez-vous CPE": sophie.pk, "Liste de fournitures": sophie.pk}
    assert _owners(Task) == {"Signer le carnet": sophie.pk}
    merge.refresh_from_db()
    assert _owners(PersonalEvent) == {"Dentiste": sophie.pk}
    assert set(merge.moved_rows) == {"bureau.Note", "bureau.Task", "agenda.PersonalEvent"}

    Note.objects.create(owner=sophie, title="Écrite après le regroupement")
    Task.objects.filter(title="Signer le carnet").delete()  # deleted since: stays deleted
    account_merge_undo(merge_id=merge.pk, actor=secretariat)

    assert _owners(Note) == {
        "Rendez-vous CPE": other.pk,
        "Liste de fournitures": sophie.pk,
        "Écrite après le regroupement": sophie.pk,
    }
    assert not Task.objects.exists()
    assert _owners(PersonalEvent) == {"Dentiste": other.pk}
    assert AccountMerge.objects.get(pk=merge.pk).undone_at is not None


def test_favoris_stay_with_each_account(family):
    Favorite.objects.create(
        owner=family["other"], title="Le site du collège", url="https://college.example.org/"
    )
    accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    assert Favorite.objects.get().owner_id == family["other"].pk
