"""The family's CAHIER DE TEXTES (Scolarité services) and ACCUEIL: travail à faire by due date
with the pupil's « Fait », the séances of a week by subject; the parent sees the tick, never sets
it; a year of entries costs the same queries as a week."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from accounts.models import TeachingGroup
from accounts.roster_version import roster_changed
from accounts.school import school_role
from cahier_de_textes import services
from cahier_de_textes.models import HomeworkDone
from tests.cahier_de_textes.conftest import make_homework, make_seance
from tests.factories import TeachingGroupFactory, TeachingServiceFactory
from tests.portal.test_dashboard import session_queries
from tests.teleservices.test_space import drop_cached_pages

pytestmark = pytest.mark.django_db


def _cahier(school):
    return reverse("teleservices:cahier", kwargs={"pupil_id": school["pupil"].pk})


def test_the_pupil_sees_work_by_due_date_and_ticks_it(
    client, school, django_capture_on_commit_callbacks
):
    today = school["today"]
    service = school["service"]
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    due_today = make_homework(service, today, description="<p>Pour aujourd'hui</p>")
    later = make_homework(
        service, sunday + datetime.timedelta(days=3), description="<p>Plus loin</p>"
    )
    make_homework(
        service,
        today + datetime.timedelta(days=9),
        description="<p>Pas encore publié</p>",
        published_on=today + datetime.timedelta(days=2),
    )
    make_seance(school["maths_service"], today, title="Fractions égales")
    client.force_login(school["pupil"].account)
    page = client.get(_cahier(school)).content.decode()
    assert "Pour aujourd'hui" in page and "Plus loin" in page
    assert "Pas encore publié" not in page
    assert page.index("Aujourd&#x27;hui") < page.index("Pour aujourd") < page.index("Plus tard")
    assert page.index("Plus tard") < page.index("Plus loin")
    assert "Fractions égales" in page and "Mathématiques" in page
    done_url = reverse("cahier_de_textes:homework_done", kwargs={"homework_id": due_today.pk})
    assert client.get(done_url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(done_url, {"fait": "1"})
    assert response.status_code == 302 and response.url.startswith(_cahier(school))
    assert HomeworkDone.objects.filter(homework=due_today, pupil=school["pupil"]).exists()
    client.post(done_url, {"fait": "1"})  # twice is once
    assert HomeworkDone.objects.count() == 1
    assert 'aria-pressed="true"' in client.get(_cahier(school)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(done_url, {"fait": "0"})
    assert not HomeworkDone.objects.exists()
    assert 'aria-pressed="true"' not in client.get(_cahier(school)).content.decode()
    assert later.pk  # untouched


def test_the_parent_sees_the_tick_but_cannot_set_it(client, school):
    homework = make_homework(school["service"], school["today"] + datetime.timedelta(days=1))
    HomeworkDone.objects.create(homework=homework, pupil=school["pupil"])
    client.force_login(school["parent"])
    page = client.get(_cahier(school)).content.decode()
    assert "Fait" in page and "homework_done" not in page and "/fait/" not in page
    done_url = reverse("cahier_de_textes:homework_done", kwargs={"homework_id": homework.pk})
    assert client.post(done_url, {"fait": "0"}).status_code == 404
    assert HomeworkDone.objects.exists()


def test_a_pupil_cannot_tick_another_class_s_work(client, school):
    other = make_homework(school["other_service"], school["today"])
    client.force_login(school["pupil"].account)
    url = reverse("cahier_de_textes:homework_done", kwargs={"homework_id": other.pk})
    assert client.post(url, {"fait": "1"}).status_code == 404
    assert not HomeworkDone.objects.exists()


def test_group_entries_reach_the_group_s_pupils(client, school, django_capture_on_commit_callbacks):
    group = TeachingGroupFactory(establishment=school["a"], code="4ESP", label="Espagnol LV2")
    group.pupils.add(school["pupil"])
    service = TeachingServiceFactory(
        establishment=school["a"], teacher=school["colleague"], division=None, group=group
    )
    make_homework(service, school["today"], description="<p>Mi familia</p>")
    client.force_login(school["parent"])
    assert "Mi familia" in client.get(_cahier(school)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        TeachingGroup.pupils.through.objects.all().delete()
        roster_changed()  # what the roster import does after its bulk writes
    assert "Mi familia" not in client.get(_cahier(school)).content.decode()


def test_weeks_are_browsed_inside_the_school_year(client, school):
    monday = school["today"] - datetime.timedelta(days=school["today"].weekday() + 7)
    make_seance(school["service"], monday, title="La semaine dernière")
    client.force_login(school["parent"])
    assert "La semaine dernière" not in client.get(_cahier(school)).content.decode()
    page = client.get(_cahier(school), {"semaine": monday.isoformat()}).content.decode()
    assert "La semaine dernière" in page
    for garbage in ("x", "1999-01-01", "2026-13-45"):
        assert client.get(_cahier(school), {"semaine": garbage}).status_code == 200


def test_accueil_shows_the_work_due_soon_and_what_is_new(client, school):
    make_homework(school["service"], school["today"] + datetime.timedelta(days=2))
    make_homework(school["service"], school["today"] + datetime.timedelta(days=30))
    client.force_login(school["parent"])
    url = reverse("teleservices:child_home", kwargs={"pupil_id": school["pupil"].pk})
    page = client.get(url).content.decode()
    assert "Travail à faire dans les 7 prochains jours" in page
    assert "1 travail à rendre" in page and "1 pas encore fait ; 1 nouveau" in page
    assert page.count("Français") == 1


def test_a_years_work_costs_the_same_queries_as_a_week(client, school, django_assert_num_queries):
    today = school["today"]
    client.force_login(school["pupil"].account)
    url = _cahier(school)
    home = reverse("teleservices:child_home", kwargs={"pupil_id": school["pupil"].pk})
    make_seance(school["service"], today)
    make_homework(school["service"], today + datetime.timedelta(days=1))
    client.get(url)
    client.get(home)
    # Served from the page cache: session, account, school role (the access check); ACCUEIL
    # also reads the visit.
    with django_assert_num_queries(session_queries() + 2):
        client.get(url)
    with django_assert_num_queries(session_queries() + 3):
        client.get(home)
    # Rendered again (a roster change, which the cahier's own fragment is keyed on too): + the
    # children, travail à faire and attachments, séances and attachments, visas
    drop_cached_pages()
    caches["fragments"].clear()
    with django_assert_num_queries(session_queries() + 8):
        client.get(url)
    # ACCUEIL rendered: the visit, the children, the cahier's news in one query, the vie
    # scolaire's in two
    with django_assert_num_queries(session_queries() + 7):
        client.get(home)
    first = datetime.date(school["year"], 9, 1)
    for offset in range(300):
        day = first + datetime.timedelta(days=offset)
        for service in (school["service"], school["maths_service"]):
            make_seance(service, day)
            homework = make_homework(service, day, published_on=min(day, today))
            if offset % 2:
                HomeworkDone.objects.create(homework=homework, pupil=school["pupil"])
    drop_cached_pages()
    caches["fragments"].clear()
    with django_assert_num_queries(session_queries() + 8):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(session_queries() + 2):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(session_queries() + 7):
        assert client.get(home).status_code == 200
    with django_assert_num_queries(session_queries() + 3):
        assert client.get(home).status_code == 200


def test_the_cached_page_follows_every_write(client, school, django_capture_on_commit_callbacks):
    """Every write bumps the versions the cached rendering is keyed on, once committed."""
    client.force_login(school["parent"])
    assert "Nouvelle lecture" not in client.get(_cahier(school)).content.decode()
    teacher = school["teacher"].account
    with django_capture_on_commit_callbacks(execute=True):
        homework = services.homework_create(
            actor=teacher,
            role=school_role(teacher),
            service=school["service"],
            due_on=school["today"],
            description="Nouvelle lecture",
        )
    assert "Nouvelle lecture" in client.get(_cahier(school)).content.decode()
    client.force_login(school["pupil"].account)
    assert 'aria-pressed="false"' in client.get(_cahier(school)).content.decode()
    done = reverse("cahier_de_textes:homework_done", kwargs={"homework_id": homework.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(done, {"fait": "1"})
    assert 'aria-pressed="true"' in client.get(_cahier(school)).content.decode()
    client.force_login(school["parent"])
    assert "fr-badge--success" in client.get(_cahier(school)).content.decode()
