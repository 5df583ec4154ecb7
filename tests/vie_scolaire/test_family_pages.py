"""The family's VIE SCOLAIRE and ACCUEIL: the events by date with their state, a year of events
(≈ 1,500 rows) in the same queries as a week, what is new since the last visit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.portal.test_dashboard import session_queries
from tests.teleservices.test_space import drop_cached_pages
from vie_scolaire.cache import family_versions_bump
from vie_scolaire.models import Justification
from vie_scolaire.services import justification_answer, justification_submit

from .conftest import a_school_day, absence, role
from .test_events import _many_events

pytestmark = pytest.mark.django_db


def _url(ns, name="vie_scolaire"):
    return reverse(f"teleservices:{name}", kwargs={"pupil_id": ns.child.pk})


def test_nothing_yet_says_so_and_keeps_the_contact_block(client, school):
    client.force_login(school.parent)
    page = client.get(_url(school)).content.decode()
    assert "Aucun évènement de vie scolaire." in page
    assert "Votre contact vie scolaire" in page and school.school.vie_scolaire_email in page
    assert "Prévenir d'une absence à venir" in page


def test_events_by_date_with_their_state(client, school):
    absence(school, a_school_day(1))
    absence(school, a_school_day(0), motive=school.motives["Maladie"])
    client.force_login(school.parent)
    page = client.get(_url(school)).content.decode()
    assert page.count("Non motivée") == 2 and "Motif : Maladie" in page
    assert page.count('class="vs-day"') == 2 and "Aucun évènement" not in page


def test_a_year_of_events_costs_the_same_queries_as_a_week(
    client, school, django_assert_num_queries
):
    event = absence(school)
    justification_submit(
        role=role(school.parent), actor=school.parent, event=event,
        motive=school.motives["Maladie"],
    )  # fmt: skip
    client.force_login(school.parent)
    client.get(_url(school))
    # Served from the page cache: session, user, school_role (the access check)
    with django_assert_num_queries(session_queries() + 2):
        client.get(_url(school))
    # Rendered again (a roster change): + the children (the list comes from the fragment
    # cache, under the pupil's version)
    drop_cached_pages()
    with django_assert_num_queries(session_queries() + 3):
        client.get(_url(school))
    # When it is rendered: + the events and their justifications, whatever their number.
    family_versions_bump([school.child.pk])  # (the sessions may live in the cache too)
    with django_assert_num_queries(session_queries() + 5):
        client.get(_url(school))
    _many_events(school, 1500)
    family_versions_bump([school.child.pk])  # (the sessions may live in the cache too)
    with django_assert_num_queries(session_queries() + 5):
        page = client.get(_url(school)).content.decode()
    assert page.count('class="vs-event"') == 1501


def test_every_write_shows_at_once_despite_the_cache(client, school):
    client.force_login(school.parent)
    assert "Aucun évènement" in client.get(_url(school)).content.decode()
    event = absence(school)
    assert "Non motivée" in client.get(_url(school)).content.decode()
    justification_submit(
        role=role(school.parent), actor=school.parent, event=event,
        motive=school.motives["Maladie"],
    )  # fmt: skip
    assert "en attente" in client.get(_url(school)).content.decode()
    justification_answer(
        role=role(school.cpe), actor=school.cpe,
        justification=Justification.objects.get(), accept=False, message="Non recevable",
    )  # fmt: skip
    page = client.get(_url(school)).content.decode()
    assert "Non justifiée" in page and "Non recevable" in page


def test_accueil_shows_new_events_and_answered_justifications(client, school):
    event = absence(school)
    justification = justification_submit(
        role=role(school.parent), actor=school.parent, event=event,
        motive=school.motives["Maladie"],
    )  # fmt: skip
    justification_answer(
        role=role(school.cpe), actor=school.cpe, justification=justification, accept=True,
        message="Merci",
    )  # fmt: skip
    client.force_login(school.parent)
    page = client.get(_url(school, "child_home")).content.decode()
    assert "Absence le" in page and "acceptée — « Merci »" in page
    assert Justification.objects.get().status == "acceptee"
