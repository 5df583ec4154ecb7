"""« Mon carnet de notes »: a teacher creates devoirs on their own services, fills the grid of the
whole class at once (statuses, comma or dot), bad input writes nothing, a conflict between two
tabs is shown instead of overwritten; the direction reads, nobody else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from evaluations.models import Devoir, Mark, SkillItem, SkillLevel
from tests.evaluations.conftest import make_devoir, mark
from tests.factories import PupilFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _grid_url(devoir):
    return reverse("evaluations:devoir_grid", kwargs={"devoir_id": devoir.pk})


def _grid_post(devoir, cells, original=None):
    """cells: pupil → (mark, comment); original: pupil → (mark, comment) when loaded."""
    data = {}
    for pupil, (text, comment) in cells.items():
        before = (original or {}).get(pupil, ("", ""))
        data.update(
            {
                f"note-{pupil.pk}": text,
                f"comm-{pupil.pk}": comment,
                f"orig-{pupil.pk}": before[0],
                f"origcomm-{pupil.pk}": before[1],
            }
        )
    return data


def test_a_teacher_creates_a_devoir_and_fills_the_grid(client, notes):
    client.force_login(notes["teacher"].account)
    page = client.get(reverse("evaluations:mon_carnet")).content.decode()
    assert "4 A — Français" in page and "Mathématiques" not in page
    url = reverse("evaluations:devoir_new", kwargs={"service_id": notes["service"].pk})
    period = notes["period"]
    response = client.post(
        url,
        {
            "period": period.pk,
            "title": "Dictée",
            "date": notes["today"].isoformat(),
            "out_of": "10",
            "coefficient": "0,5",
            "visible_from": notes["today"].isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    devoir = Devoir.objects.get()
    assert (devoir.out_of, devoir.coefficient, devoir.service) == (
        Decimal(10),
        Decimal("0.5"),
        notes["service"],
    )
    grid = client.get(response.url).content.decode()
    assert 'inputmode="decimal"' in grid and f'name="note-{notes["pupil"].pk}"' in grid
    saved = client.post(
        response.url,
        _grid_post(devoir, {notes["pupil"]: ("7,5", "Bien"), notes["classmate"]: ("abs", "")}),
    )
    assert saved.status_code == 302
    marks = {m.pupil_id: m for m in Mark.objects.all()}
    assert marks[notes["pupil"].pk].value == Decimal("7.5")
    assert marks[notes["pupil"].pk].comment == "Bien"
    assert (
        marks[notes["classmate"].pk].status == "ABS" and marks[notes["classmate"].pk].value is None
    )
    assert AuditEvent.objects.filter(action="notes.marks.save").count() == 1
    book = client.get(saved.url).content.decode()
    assert "Les notes sont enregistrées." in book and "7,5" in book and "Abs" in book
    # 7.5/10 → 15/20 for Inès; Zoé absent: no average
    assert "15,00" in book


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "dépasse le barème"),
        ("-1", "ne peut pas être négative"),
        ("douze", "pas une note"),
        ("12,555", "deux décimales"),
    ],
)
def test_a_bad_cell_writes_nothing(client, notes, typed, message):
    devoir = make_devoir(notes["service"], notes["period"])
    client.force_login(notes["teacher"].account)
    response = client.post(
        _grid_url(devoir),
        _grid_post(devoir, {notes["pupil"]: (typed, ""), notes["classmate"]: ("12", "")}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Les notes ne sont pas enregistrées" in page
    assert f'value="{typed}"' in page  # what was typed stays in the cell
    assert not Mark.objects.exists()


def test_a_mark_for_a_pupil_not_in_the_class_writes_nothing(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    stranger = PupilFactory(establishment=notes["a"])  # another class
    client.force_login(notes["teacher"].account)
    data = _grid_post(devoir, {notes["pupil"]: ("12", ""), stranger: ("15", "")})
    response = client.post(_grid_url(devoir), data)
    assert response.status_code == 400
    assert "pas dans cette classe" in response.content.decode()
    assert not Mark.objects.exists()


def test_two_tabs_a_cell_changed_meanwhile_is_a_conflict_not_overwritten(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 10)
    loaded = {notes["pupil"]: ("10", "")}  # both tabs loaded the grid with 10
    client.force_login(notes["teacher"].account)
    first = client.post(
        _grid_url(devoir), _grid_post(devoir, {notes["pupil"]: ("14", "")}, original=loaded)
    )
    assert first.status_code == 302
    # The second tab changes the same cell (and another one) from the stale form.
    second = client.post(
        _grid_url(devoir),
        _grid_post(
            devoir,
            {notes["pupil"]: ("9", ""), notes["classmate"]: ("11", "")},
            original=loaded,
        ),
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Modifiée entre-temps : « 14 » est enregistrée" in page
    stored = {m.pupil_id: m.value for m in Mark.objects.all()}
    assert stored == {notes["pupil"].pk: Decimal(14), notes["classmate"].pk: Decimal(11)}
    # The page now carries the stored value as the original: saving again keeps the teacher's.
    assert f'name="orig-{notes["pupil"].pk}" value="14"' in page
    third = client.post(
        _grid_url(devoir),
        _grid_post(devoir, {notes["pupil"]: ("9", "")}, original={notes["pupil"]: ("14", "")}),
    )
    assert third.status_code == 302
    assert Mark.objects.get(pupil=notes["pupil"]).value == Decimal(9)


def test_an_untouched_cell_does_not_overwrite_a_newer_one(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 16)  # written by another tab after this one loaded (empty)
    client.force_login(notes["teacher"].account)
    response = client.post(
        _grid_url(devoir),
        _grid_post(devoir, {notes["pupil"]: ("", ""), notes["classmate"]: ("8", "")}),
    )
    assert response.status_code == 302
    assert Mark.objects.get(pupil=notes["pupil"]).value == Decimal(16)


def test_bad_devoir_input_is_refused_in_french(client, notes):
    client.force_login(notes["teacher"].account)
    url = reverse("evaluations:devoir_new", kwargs={"service_id": notes["service"].pk})
    other = next(p for p in notes["periods"] if p != notes["period"])
    base = {
        "period": notes["period"].pk,
        "title": "Dictée",
        "date": notes["today"].isoformat(),
        "out_of": "20",
        "coefficient": "1",
        "visible_from": notes["today"].isoformat(),
    }
    for change, message in (
        ({"out_of": "0"}, "Le barème doit être supérieur à 0."),
        ({"coefficient": "-1"}, "Le coefficient ne peut pas être négatif."),
        ({"period": other.pk}, "La date du devoir doit être dans la période choisie"),
    ):
        response = client.post(url, {**base, **change})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Devoir.objects.exists()


def test_lowering_the_maximum_under_a_mark_is_refused(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 18)
    client.force_login(notes["teacher"].account)
    response = client.post(
        reverse("evaluations:devoir_edit", kwargs={"devoir_id": devoir.pk}),
        {
            "period": devoir.period_id,
            "title": devoir.title,
            "date": devoir.date.isoformat(),
            "out_of": "10",
            "coefficient": "1",
            "visible_from": devoir.visible_from.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "dépassent ce barème" in response.content.decode()
    devoir.refresh_from_db()
    assert devoir.out_of == Decimal(20)


def test_only_the_services_teacher_writes_the_direction_reads(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 12)
    client.force_login(notes["colleague"].account)  # teaches maths to the same class
    for url in (
        reverse("evaluations:service", kwargs={"service_id": notes["service"].pk}),
        _grid_url(devoir),
        reverse("evaluations:devoir_edit", kwargs={"devoir_id": devoir.pk}),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(_grid_url(devoir), _grid_post(devoir, {notes["pupil"]: ("1", "")})).status_code
        == 404
    )
    client.force_login(notes["direction"].account)
    assert "4 A — Français" in client.get(reverse("evaluations:mon_carnet")).content.decode()
    page = client.get(_grid_url(devoir)).content.decode()
    assert "12" in page and 'name="note-' not in page  # read only
    refused = client.post(_grid_url(devoir), _grid_post(devoir, {notes["pupil"]: ("1", "")}))
    assert refused.status_code == 403
    edit = reverse("evaluations:devoir_edit", kwargs={"devoir_id": devoir.pk})
    assert client.get(edit).status_code == 404
    assert Mark.objects.get().value == Decimal(12)


def test_skill_items_and_their_levels(client, notes):
    devoir = make_devoir(notes["service"], notes["period"])
    client.force_login(notes["teacher"].account)
    url = reverse("evaluations:skill_new", kwargs={"service_id": notes["service"].pk})
    response = client.post(
        url,
        {
            "period": notes["period"].pk,
            "component": "CPD_FRA",
            "label": "Rédiger un texte cohérent",
            "date": devoir.date.isoformat(),
            "visible_from": devoir.date.isoformat(),
            "devoir": devoir.pk,
        },
    )
    assert response.status_code == 302
    item = SkillItem.objects.get()
    assert item.devoir == devoir
    levels_url = reverse("evaluations:skill_grid", kwargs={"item_id": item.pk})
    page = client.get(levels_url).content.decode()
    assert "Très bonne maîtrise" in page
    bad = client.post(
        levels_url, {f"niveau-{notes['pupil'].pk}": "7", f"orig-{notes['pupil'].pk}": ""}
    )
    assert bad.status_code == 400 and not SkillLevel.objects.exists()
    ok = client.post(
        levels_url,
        {
            f"niveau-{notes['pupil'].pk}": "3",
            f"orig-{notes['pupil'].pk}": "",
            f"niveau-{notes['classmate'].pk}": "",
            f"orig-{notes['classmate'].pk}": "",
        },
    )
    assert ok.status_code == 302
    assert SkillLevel.objects.get().level == 3


def test_the_mark_book_and_the_grid_cost_fixed_queries(client, notes, django_assert_num_queries):
    """30 pupils × 40 devoirs cost what 2 pupils × 1 devoir cost; so does saving 30 cells."""
    client.force_login(notes["teacher"].account)
    book = reverse("evaluations:service", kwargs={"service_id": notes["service"].pk})
    first = make_devoir(notes["service"], notes["period"])
    mark(first, notes["pupil"], 12)
    client.get(book)  # the charter's version, cached after the first page
    expected = session_queries() + 11
    with django_assert_num_queries(expected):
        assert client.get(book).status_code == 200
    pupils = [PupilFactory(establishment=notes["a"], division=notes["division"]) for _ in range(28)]
    devoirs = [make_devoir(notes["service"], notes["period"], title=f"D{n}") for n in range(39)]
    Mark.objects.bulk_create(
        Mark(devoir=d, pupil=p, value=Decimal(n % 20))
        for n, d in enumerate(devoirs)
        for p in pupils
    )
    with django_assert_num_queries(expected):
        assert client.get(book).status_code == 200
    grid = _grid_url(first)
    everyone = [notes["pupil"], notes["classmate"], *pupils]
    with django_assert_num_queries(session_queries() + 7):
        assert client.get(grid).status_code == 200
    data = _grid_post(
        first, dict.fromkeys(everyone, ("13,5", "")), original={notes["pupil"]: ("12", "")}
    )
    # user, role (3), devoir, pupils, stored marks, savepoint, locked read, insert, update,
    # audit, release: whatever the number of cells
    with django_assert_num_queries(session_queries() + 13):
        assert client.post(grid, data).status_code == 302
    assert Mark.objects.filter(devoir=first, value=Decimal("13.5")).count() == 30


def test_a_nul_byte_in_the_grid_is_refused(client, notes):
    """The request is refused before the view (core's NUL byte middleware): nothing written."""
    devoir = make_devoir(notes["service"], notes["period"])
    client.force_login(notes["teacher"].account)
    response = client.post(
        _grid_url(devoir), _grid_post(devoir, {notes["pupil"]: ("12", "a\x00b")})
    )
    assert response.status_code == 400
    assert not Mark.objects.exists()
