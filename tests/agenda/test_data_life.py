"""The agenda's data life: events that ended before the previous school year are erased by the
daily sweep; personal events and the feed's address go with the purged account; the demo step
fills the agenda around the demo's today, idempotently; new events show on the dashboard at
once (its cached page is keyed on the agenda's versions)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.lifecycle import accounts_purge_expired
from accounts.lifecycle.purge import SWEPT_USERNAME_PREFIX
from accounts.models import StaffMember, User
from agenda.models import Audience, FeedToken, PersonalEvent, SchoolEvent
from agenda.retention import cutoff
from agenda.services import (
    EventWhen,
    SchoolEventContent,
    personal_event_create,
    school_event_create,
)
from core import retention
from core.tokens import new_token
from tests.agenda.conftest import login, make_event, make_personal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rule(key):
    (rule,) = [rule for rule in retention.rules() if rule.key == key]
    return rule


def test_events_over_for_more_than_a_school_year_are_swept(world):
    now = timezone.now()
    first_kept = cutoff(now)
    assert first_kept.month == 9 and first_kept.day == 1
    assert first_kept.year in {now.year - 2, now.year - 1}
    old = make_event(world["a"], "ancien", starts_on=first_kept - datetime.timedelta(days=3),
                     ends_on=first_kept - datetime.timedelta(days=1))  # fmt: skip
    kept = make_event(world["a"], "gardé", starts_on=first_kept - datetime.timedelta(days=1),
                      ends_on=first_kept)  # fmt: skip
    mine_old = make_personal(world["parent"], "vieux", starts_on=first_kept - datetime.timedelta(days=9),
                             ends_on=first_kept - datetime.timedelta(days=9))  # fmt: skip
    mine = make_personal(world["parent"], "récent")
    report = retention.sweep_daily()
    assert report["agenda_evenements_etablissement"] == 1
    assert report["agenda_evenements_personnels"] == 1
    assert list(SchoolEvent.objects.all()) == [kept]
    assert list(PersonalEvent.objects.all()) == [mine]
    assert not SchoolEvent.objects.filter(pk=old.pk).exists()
    assert not PersonalEvent.objects.filter(pk=mine_old.pk).exists()
    assert _rule("agenda_evenements_personnels").run(now) == 0


def test_the_purge_of_a_swept_account_erases_its_agenda(world):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(
        state=User.State.EXPIRED, username=f"{SWEPT_USERNAME_PREFIX}{user.pk}"
    )
    make_personal(user, "à effacer")
    FeedToken.objects.create(owner=user, token_hash=new_token()[1])
    kept = make_personal(world["parent"], "gardé")
    assert accounts_purge_expired() == 1
    assert list(PersonalEvent.objects.all()) == [kept]
    assert not FeedToken.objects.exists()


def test_new_events_show_on_the_cached_dashboard_at_once(world, django_capture_on_commit_callbacks):
    dashboard = reverse("portal:dashboard")
    parent = world["parent"]
    client = login(parent)
    assert "Aucun évènement à venir." in client.get(dashboard).content.decode()
    day = timezone.localdate() + datetime.timedelta(days=1)
    when = EventWhen(
        title="Réunion parents-professeurs", place="Gymnase", starts_on=day, ends_on=day
    )
    with django_capture_on_commit_callbacks(execute=True):
        school_event_create(
            author=world["direction"], establishment_id=world["a"].pk,
            content=SchoolEventContent(when=when, description="", audience=Audience.PARENTS),
        )  # fmt: skip
    page = client.get(dashboard).content.decode()
    assert "Réunion parents-professeurs" in page
    with django_capture_on_commit_callbacks(execute=True):
        personal_event_create(owner=parent, when=EventWhen(title="Dentiste", place="",
                              starts_on=day, ends_on=day), notes="")  # fmt: skip
    assert "Dentiste" in client.get(dashboard).content.decode()
    # Another school's event changes nothing for this parent, and is never shown.
    make_event(world["b"], "École B")
    assert "École B" not in client.get(dashboard).content.decode()


def test_the_demo_step_fills_the_agenda_and_is_idempotent(world):
    from accounts.models import Pupil
    from agenda.demo import demo_agenda
    from agenda.selectors import upcoming_for
    from core.demo import DemoWorld, steps

    assert "agenda" in {step.key for step in steps()}
    children = list(
        Pupil.objects.filter(guardian_links__guardian__account=world["parent"]).order_by(
            "division__code"
        )
    )
    demo = DemoWorld(
        establishment=world["a"],
        today=timezone.localdate(),
        parent=world["parent"],
        children=children,
        teacher=StaffMember.objects.get(account=world["teacher"]),
        education=StaffMember.objects.get(account=world["cpe"]),
        direction=StaffMember.objects.get(account=world["direction"]),
        secretary=world["secretary"],
    )
    summary = demo_agenda(demo)
    demo_agenda(demo)
    assert "Agenda de démonstration" in summary
    assert SchoolEvent.objects.count() == 4
    seen = {event.title for event in upcoming_for(user=world["parent"], limit=20)}
    assert {"Conseil de classe de 4 B", "Réunion parents-professeurs", "Sortie au Futuroscope",
            "Rendez-vous chez l'orthodontiste"} <= seen  # fmt: skip
    assert PersonalEvent.objects.filter(owner=world["teacher"]).count() == 1
