"""NOTES in Scolarité services: by period, the child's averages beside the class's, each devoir
with its mark, coefficient and comment; nothing before its visibility date; new marks flagged;
the skills of the socle; a fixed number of queries whatever the number of devoirs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import MarkBookSettings, SkillItem, SkillLevel
from teleservices.models import SectionVisit
from tests.evaluations.conftest import make_devoir, mark
from tests.portal.test_dashboard import session_queries
from tests.teleservices.test_space import drop_cached_pages

pytestmark = pytest.mark.django_db


def _notes_url(pupil, **query):
    url = reverse("teleservices:notes", kwargs={"pupil_id": pupil.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_parent_sees_marks_averages_and_the_class(client, notes):
    period, pupil = notes["period"], notes["pupil"]
    dictee = make_devoir(notes["service"], period, title="Dictée", out_of=Decimal(10))
    redaction = make_devoir(notes["service"], period, title="Rédaction", coefficient=Decimal(2))
    mark(dictee, pupil, "7.5", comment="Attention aux accords")
    mark(dictee, notes["classmate"], 5)
    mark(redaction, pupil, 12)
    mark(redaction, notes["classmate"], None, status="ABS")
    algebra = make_devoir(notes["maths_service"], period, title="Calcul littéral")
    mark(algebra, pupil, 9)
    client.force_login(notes["parent"])
    page = client.get(_notes_url(pupil)).content.decode()
    assert "Dictée" in page and "Rédaction" in page and "Calcul littéral" in page
    assert "7,5" in page and "Attention aux accords" in page
    # French: (15 × 1 + 12 × 2) / 3 = 13; class: Inès 13, Zoé 10 → 11,50 (10,00 to 13,00)
    assert "<strong>13,00</strong>" in page and "11,50 (de 10,00 à 13,00)" in page
    # general average: (13 + 9) / 2
    assert "11,00/20" in page
    # the dictée for the class: 7.5 and 5 → 6,25
    assert "6,25 (5 – 7,50)" in page


def test_nothing_before_its_visibility_date_nor_of_another_period(client, notes):
    period, pupil = notes["period"], notes["pupil"]
    today = notes["today"]
    hidden = make_devoir(
        notes["service"],
        period,
        title="Pas encore rendu",
        visible_from=today + datetime.timedelta(days=1),
    )
    mark(hidden, pupil, 19)
    other = next(p for p in notes["periods"] if p != period)
    old = make_devoir(notes["service"], other, title="Autre trimestre")
    mark(old, pupil, 4)
    client.force_login(notes["parent"])
    page = client.get(_notes_url(pupil)).content.decode()
    assert (
        "Pas encore rendu" not in page
        and "19" not in page.split("Notes</h1>")[1].split("Compétences")[0]
    )
    assert "Autre trimestre" not in page
    assert "Autre trimestre" in client.get(_notes_url(pupil, periode=other.pk)).content.decode()


def test_new_marks_since_the_last_visit_are_flagged(client, notes):
    devoir = make_devoir(notes["service"], notes["period"], title="Dictée")
    client.force_login(notes["parent"])
    url = _notes_url(notes["pupil"])
    client.get(url)  # first visit
    SectionVisit.objects.update(seen_at=timezone.now() - datetime.timedelta(days=2))
    mark(devoir, notes["pupil"], 14)
    page = client.get(url).content.decode()
    assert "1 nouvelle note" in page and "Nouveau" in page


def test_absences_count_zero_when_the_school_says_so(
    client, notes, django_capture_on_commit_callbacks
):
    devoir = make_devoir(notes["service"], notes["period"])
    other = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 16)
    mark(other, notes["pupil"], None, status="ABS")
    client.force_login(notes["parent"])
    assert "<strong>16,00</strong>" in client.get(_notes_url(notes["pupil"])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's commit would
        MarkBookSettings.objects.create(establishment=notes["a"], absent_counts_zero=True)
    page = client.get(_notes_url(notes["pupil"])).content.decode()
    assert "<strong>8,00</strong>" in page and "une absence compte zéro" in page


def test_skills_per_component_over_time(client, notes):
    service = notes["service"]
    items = [
        SkillItem.objects.create(
            establishment=notes["a"],
            service=service,
            period=notes["period"],
            component="CPD_FRA",
            label=label,
            date=notes["period"].starts_on,
            visible_from=notes["period"].starts_on,
        )
        for label in ("Lire à voix haute", "Rédiger un texte")
    ]
    SkillLevel.objects.create(item=items[0], pupil=notes["pupil"], level=2)
    SkillLevel.objects.create(item=items[1], pupil=notes["pupil"], level=4)
    client.force_login(notes["pupil"].account)
    page = client.get(_notes_url(notes["pupil"])).content.decode()
    assert "langue française à l&#x27;oral et à l&#x27;écrit" in page
    assert "Maîtrise fragile" in page and "Très bonne maîtrise" in page
    assert page.index("Lire à voix haute") < page.index("Rédiger un texte")


def test_another_family_gets_404(client, notes):
    client.force_login(notes["parent_b"])
    assert client.get(_notes_url(notes["pupil"])).status_code == 404


def test_a_year_of_marks_costs_what_one_devoir_costs(client, notes, django_assert_num_queries):
    client.force_login(notes["parent"])
    url = _notes_url(notes["pupil"])
    first = make_devoir(notes["service"], notes["period"])
    mark(first, notes["pupil"], 12)
    client.get(url)  # first visit recorded, the charter's version cached
    # From the page cache (teleservices.page_cache): user, role, visit.
    with django_assert_num_queries(session_queries() + 3):
        assert client.get(url).status_code == 200
    # Rendered: user, role, visit, children, periods, settings, devoirs, marks, skills
    expected = session_queries() + 9
    drop_cached_pages()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    for n in range(40):
        service = notes["service"] if n % 2 else notes["maths_service"]
        devoir = make_devoir(service, notes["period"], title=f"Devoir {n}")
        mark(devoir, notes["pupil"], n % 20)
        mark(devoir, notes["classmate"], (n + 5) % 20)
        item = SkillItem.objects.create(
            establishment=notes["a"], service=service, period=notes["period"], devoir=devoir,
            component="MET_APP", label=f"Item {n}", date=devoir.date, visible_from=devoir.date,
        )  # fmt: skip
        SkillLevel.objects.create(item=item, pupil=notes["pupil"], level=1 + n % 4)
    drop_cached_pages()  # the rows above were written without the services
    with django_assert_num_queries(expected):
        page = client.get(url)
    assert "Devoir 39" in page.content.decode()
