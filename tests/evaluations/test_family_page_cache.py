"""NOTES is served whole from the per-user page cache (teleservices.page_cache): a mark saved by
the teacher, a devoir changed, a period edited in the admin show on the family's next page at
once; another period's page is rendered each time, never kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import Period
from tests.evaluations.conftest import make_devoir
from tests.evaluations.test_teacher import _grid_post, _grid_url
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _notes(client, pupil, query: str = "") -> str:
    url = reverse("teleservices:notes", kwargs={"pupil_id": pupil.pk}) + query
    return client.get(url).content.decode()


def test_a_mark_saved_by_the_teacher_shows_at_once(
    client, notes, django_capture_on_commit_callbacks
):
    devoir = make_devoir(notes["service"], notes["period"], title="Dictée du lundi")
    parent, teacher = notes["parent"], notes["teacher"].account
    client.force_login(parent)
    assert "Dictée du lundi" in _notes(client, notes["pupil"])
    assert "17,5" not in _notes(client, notes["pupil"])  # served from the cache
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(_grid_url(devoir), _grid_post(devoir, {notes["pupil"]: ("17,5", "")}))
    assert saved.status_code == 302
    client.force_login(parent)
    assert "17,5" in _notes(client, notes["pupil"])


def test_a_devoir_renamed_and_a_period_edited_show_at_once(
    client, notes, django_capture_on_commit_callbacks
):
    devoir = make_devoir(notes["service"], notes["period"], title="Dictée du lundi")
    client.force_login(notes["teacher"].account)
    edit = reverse("evaluations:devoir_edit", kwargs={"devoir_id": devoir.pk})
    form = {
        "period": notes["period"].pk,
        "title": "Dictée du mardi",
        "date": devoir.date.isoformat(),
        "out_of": "20",
        "coefficient": "1",
        "visible_from": devoir.visible_from.isoformat(),
    }
    client.force_login(notes["parent"])
    assert "Dictée du lundi" in _notes(client, notes["pupil"])
    client.force_login(notes["teacher"].account)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, form).status_code == 302
    client.force_login(notes["parent"])
    page = _notes(client, notes["pupil"])
    assert "Dictée du mardi" in page and "Dictée du lundi" not in page

    period = Period.objects.get(pk=notes["period"].pk)
    assert "conseil de classe le" not in page
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save commits
        period.council_on = period.ends_on
        period.save(update_fields=["council_on"])
    assert "conseil de classe le" in _notes(client, notes["pupil"])


def test_another_period_is_rendered_not_kept(client, notes, django_assert_num_queries):
    other = next(p for p in notes["periods"] if p != notes["period"])
    client.force_login(notes["parent"])
    _notes(client, notes["pupil"])
    # The current period's page, from the cache: session, user, role, visit.
    with django_assert_num_queries(session_queries() + 3):
        _notes(client, notes["pupil"])
    for query in (f"?periode={other.pk}", "?periode=999999"):
        _notes(client, notes["pupil"], query)
        with django_assert_num_queries(session_queries() + 9):  # rendered again: never kept
            _notes(client, notes["pupil"], query)
