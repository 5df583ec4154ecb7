"""VIE SCOLAIRE and ACCUEIL served whole from the per-user page cache: every write of the vie
scolaire, a motive renamed, the establishment's contact block, a new visit — each shows on the
next page; a page with a flash message is never served from nor kept in the cache."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from teleservices.models import SectionVisit
from tests.portal.test_dashboard import session_queries
from vie_scolaire.models import Event
from vie_scolaire.services import event_update, justification_answer

from .conftest import a_school_day, absence, role

pytestmark = pytest.mark.django_db


def _url(ns, name="vie_scolaire"):
    return reverse(f"teleservices:{name}", kwargs={"pupil_id": ns.child.pk})


def test_a_motive_renamed_in_the_admin_shows_at_once(
    client, school, django_capture_on_commit_callbacks
):
    absence(school, motive=school.motives["Maladie"])
    client.force_login(school.parent)
    assert "Motif : Maladie" in client.get(_url(school)).content.decode()
    motive = school.motives["Maladie"]
    motive.label = "Maladie (certificat)"
    with django_capture_on_commit_callbacks(execute=True):
        motive.save(update_fields=["label"])
    assert "Motif : Maladie (certificat)" in client.get(_url(school)).content.decode()


def test_the_contact_block_follows_the_establishment(
    client, school, django_capture_on_commit_callbacks
):
    client.force_login(school.parent)
    for name in ("child_home", "vie_scolaire", "cahier", "notes", "livret"):
        assert school.school.vie_scolaire_email in client.get(_url(school, name)).content.decode()
    school.school.vie_scolaire_email = "vs.nouvelle@ac-poitiers.fr"
    with django_capture_on_commit_callbacks(execute=True):
        school.school.save(update_fields=["vie_scolaire_email"])  # as the admin does
    for name in ("child_home", "vie_scolaire", "cahier", "notes", "livret"):
        assert "vs.nouvelle@ac-poitiers.fr" in client.get(_url(school, name)).content.decode()


def test_an_event_changed_shows_on_vie_scolaire_and_accueil(client, school):
    client.force_login(school.parent)
    assert "Aucun évènement" in client.get(_url(school)).content.decode()
    client.get(_url(school, "child_home"))
    event = absence(school)
    assert "Non motivée" in client.get(_url(school)).content.decode()
    assert "Absence le" in client.get(_url(school, "child_home")).content.decode()
    event_update(
        role=role(school.cpe),
        actor=school.cpe,
        event=event,
        data={"status": Event.State.EXPLAINED},
    )
    assert "Motivée" in client.get(_url(school)).content.decode()


def _unmasked(page: str) -> str:
    """The page without its CSRF token (masked anew on every request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_what_is_new_follows_the_visits_through_the_cache(
    client, school, django_assert_num_queries
):
    absence(school)
    client.force_login(school.parent)
    home = _url(school, "child_home")
    first = client.get(home).content.decode()
    assert "Ce qui s'est passé ces derniers jours" in first and "Absence le" in first
    # Browsing on during the same visit: the same page, from the cache (the visit is read).
    with django_assert_num_queries(session_queries() + 3):
        assert _unmasked(client.get(home).content.decode()) == _unmasked(first)
    # A visit later on (the first one was two hours ago, the absence recorded before it):
    # what was new at the first visit is not any more.
    visit = SectionVisit.objects.get(user=school.parent, pupil=school.child)
    earlier = visit.seen_at - datetime.timedelta(hours=2)
    SectionVisit.objects.filter(pk=visit.pk).update(seen_at=earlier)
    Event.objects.update(created_at=earlier - datetime.timedelta(hours=1))
    later = client.get(home).content.decode()
    assert "Ce qui est nouveau depuis votre dernière visite" in later
    assert "Absence le" not in later
    visit.refresh_from_db()
    assert visit.previous_seen_at == earlier
    # A new event during this visit is new.
    absence(school, a_school_day(1))
    assert "Absence le" in client.get(home).content.decode()


def test_a_flash_message_is_shown_once_and_never_cached(client, school):
    event = absence(school)
    client.force_login(school.parent)
    client.get(_url(school))  # cached
    response = client.post(
        reverse(
            "teleservices:vie_scolaire_justify",
            kwargs={"pupil_id": school.child.pk, "event_id": event.pk},
        ),
        {"motive": school.motives["Maladie"].pk, "comment": "Fièvre"},
    )
    assert response.status_code == 302
    page = client.get(_url(school)).content.decode()
    assert "Votre justificatif est envoyé" in page and "en attente" in page
    again = client.get(_url(school)).content.decode()
    assert "Votre justificatif est envoyé" not in again and "en attente" in again
    justification_answer(
        role=role(school.cpe),
        actor=school.cpe,
        justification=event.justifications.get(),
        accept=True,
        message="Merci",
    )
    assert "Merci" in client.get(_url(school)).content.decode()


def test_an_appel_and_a_declared_absence_show_at_once(client, school):
    from django.utils import timezone

    from vie_scolaire.services import Mark, absence_declare, roll_call_take

    from .conftest import at

    client.force_login(school.parent)
    assert "Aucun évènement" in client.get(_url(school)).content.decode()
    roll_call_take(
        role=role(school.teacher),
        actor=school.teacher,
        service_id=school.service.pk,
        day=a_school_day(),
        starts_at=datetime.time(8),
        ends_at=datetime.time(9),
        marks={school.child.pk: Mark("retard", 12)},
    )
    assert "12 minutes de retard" in client.get(_url(school)).content.decode()
    coming = timezone.localdate() + datetime.timedelta(days=3)
    absence_declare(
        role=role(school.parent),
        actor=school.parent,
        pupil=school.child,
        starts_at=at(coming, 8),
        ends_at=at(coming, 17),
        motive=school.motives["Rendez-vous médical"],
    )
    assert "Motif : Rendez-vous médical" in client.get(_url(school)).content.decode()
