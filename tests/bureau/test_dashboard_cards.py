"""The "Mon bureau" cards of Mes applications: the first favoris, the tasks to do (overdue
counted), the latest notes, each card opening its page; one selector in four queries; and the
cached dashboard shows every bureau write at once (the per-user bureau version in its key)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bureau import selectors, services
from bureau.models import Favorite, Note, Task
from bureau.versions import bureau_version
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")


@pytest.fixture
def pupil(client):
    user = UserFactory(profile=User.Profile.ELEVE, accepted_charter_version=99)
    client.force_login(user)
    return user


def _dashboard(client: Client) -> str:
    return html.unescape(client.get(DASHBOARD).content.decode())


def _card(page: str, card_id: str) -> str:
    """The HTML of one card, up to the next card (or the end of the "Mon bureau" section)."""
    start = page.index(f'id="{card_id}"')
    ends = [page.find(marker, start + 1) for marker in ('id="carte-', "</section>")]
    return page[start : min(end for end in ends if end != -1)]


def test_the_cards_show_the_bureau_and_open_its_pages(client, pupil):
    today = timezone.localdate()
    services.favorite_pin(owner=pupil, slug="pronote")
    services.favorite_link_create(owner=pupil, title="Dictionnaire", url="https://dico.example/")
    services.task_create(owner=pupil, title="Exposé", due_on=today - datetime.timedelta(days=2))
    services.task_create(owner=pupil, title="Réviser", due_on=today + datetime.timedelta(days=1))
    services.task_create(owner=pupil, title="Ranger", due_on=None)
    done = services.task_create(owner=pupil, title="Fini", due_on=None)
    services.task_toggle(task=done)
    services.note_create(owner=pupil, title="Idées d'exposé", text="")
    page = _dashboard(client)
    favoris = _card(page, "carte-favoris")
    assert f'<a href="{reverse("bureau:favorites")}">Favoris</a>' in favoris
    assert favoris.index("Pronote") < favoris.index("Dictionnaire")
    assert 'href="https://dico.example/" target="_blank" rel="noopener noreferrer"' in favoris
    tasks = _card(page, "carte-taches")
    assert f'<a href="{reverse("bureau:tasks")}">Gestion des tâches</a>' in tasks
    assert "3 tâches à faire" in tasks and "1 en retard" in tasks
    assert tasks.index("Exposé") < tasks.index("Réviser") < tasks.index("Ranger")
    assert "Fini" not in tasks
    notes = _card(page, "carte-bloc-notes")
    assert f'<a href="{reverse("bureau:notes")}">Bloc-notes</a>' in notes
    assert "Idées d'exposé" in notes


def test_empty_cards_say_so(client, pupil):
    page = _dashboard(client)
    assert "Aucun favori" in page and "Aucune tâche à faire." in page and "Aucune note." in page


def test_the_cards_show_the_first_few_and_count_the_rest(client, pupil):
    Favorite.objects.bulk_create(
        Favorite(owner=pupil, position=i, title=f"lien-{i:02}", url=f"https://{i}.example/")
        for i in range(9)
    )
    Note.objects.bulk_create(Note(owner=pupil, title=f"note-{i}") for i in range(5))
    page = _card(_dashboard(client), "carte-favoris")
    assert "lien-05" in page and "lien-06" not in page and "et 3 autres" in page


@pytest.mark.parametrize("n", [1, 20])
def test_the_cards_cost_four_queries(pupil, n):
    Favorite.objects.bulk_create(
        Favorite(owner=pupil, position=i, title=f"l{i}", url=f"https://{i}.example/")
        for i in range(n)
    )
    services.favorite_pin(owner=pupil, slug="pronote")
    Note.objects.bulk_create(Note(owner=pupil, title=f"n{i}") for i in range(n))
    Task.objects.bulk_create(Task(owner=pupil, title=f"t{i}") for i in range(n))
    selectors.dashboard_cards(user=pupil)  # the profile's tiles, cached for the dashboard
    with CaptureQueriesContext(connection) as queries:
        cards = selectors.dashboard_cards(user=pupil)
    assert len(queries) == 4, [q["sql"][:90] for q in queries]
    assert cards["tasks_todo"] == n and len(cards["notes_latest"]) == min(n, 3)


def _note(user):
    return services.note_create(owner=user, title="Nouvelle note", text="")


def _task(user):
    return services.task_create(owner=user, title="Nouvelle tâche", due_on=None)


def _link(user):
    return services.favorite_link_create(owner=user, title="Nouveau lien", url="https://n.example/")


# Each write, through its URL, and what the dashboard shows right after it.
WRITES = {
    "note créée": (None, lambda u, o: ("bureau:notes", [], {"title": "Nouvelle note"}), "Nouvelle note", True),
    "note modifiée": (_note, lambda u, o: ("bureau:note_edit", [o.pk], {"title": "Note renommée"}), "Note renommée", True),
    "note supprimée": (_note, lambda u, o: ("bureau:note_delete", [o.pk], {}), "Nouvelle note", False),
    "tâche créée": (None, lambda u, o: ("bureau:tasks", [], {"title": "Nouvelle tâche"}), "Nouvelle tâche", True),
    "tâche faite": (_task, lambda u, o: ("bureau:task_toggle", [o.pk], {}), "Nouvelle tâche", False),
    "tâche supprimée": (_task, lambda u, o: ("bureau:task_delete", [o.pk], {}), "Nouvelle tâche", False),
    "lien ajouté": (None, lambda u, o: ("bureau:favorites", [], {"title": "Nouveau lien", "url": "https://n.example/"}), "Nouveau lien", True),
    "lien modifié": (_link, lambda u, o: ("bureau:favorite_edit", [o.pk], {"title": "Lien renommé", "url": "https://n.example/"}), "Lien renommé", True),
    "lien supprimé": (_link, lambda u, o: ("bureau:favorite_delete", [o.pk], {}), "Nouveau lien", False),
    "application épinglée": (None, lambda u, o: ("bureau:favorite_pin", [], {"application": "sacoche"}), 'rel="noopener noreferrer">SACoche', True),
}  # fmt: skip


@pytest.mark.parametrize("write", WRITES)
def test_every_bureau_write_shows_at_once_on_the_cached_dashboard(
    client, pupil, write, django_capture_on_commit_callbacks
):
    setup, request_of, text, shown_after = WRITES[write]
    with django_capture_on_commit_callbacks(execute=True):
        target = setup(pupil) if setup else None
    assert (text in _dashboard(client)) is not shown_after  # and the page is cached now
    name, args, data = request_of(pupil, target)
    version = bureau_version(pupil.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse(name, args=args), data).status_code == 302
    assert bureau_version(pupil.pk) != version
    client.get(
        reverse("bureau:notes")
    )  # the flash message is shown (a page with one is not cached)
    assert (text in _dashboard(client)) is shown_after


def test_the_move_shows_at_once_on_the_cached_dashboard(
    client, pupil, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _link(pupil)
        services.favorite_link_create(owner=pupil, title="Deuxième", url="https://d.example/")
    page = _dashboard(client)
    assert page.index("Nouveau lien") < page.index("Deuxième")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bureau:favorite_down", args=[first.pk]))
    client.get(reverse("bureau:favorites"))
    page = _dashboard(client)
    assert page.index("Deuxième") < page.index("Nouveau lien")


def test_the_dashboard_is_served_from_the_cache_until_the_version_moves(client, pupil):
    """What makes the tests above able to fail: a row written behind the services' back (no
    version bump) stays unseen on the cached page; a rolled back write bumps nothing."""
    _dashboard(client)
    Note.objects.create(owner=pupil, title="Écrite en douce")
    assert "Écrite en douce" not in _dashboard(client)
    version = bureau_version(pupil.pk)
    # pytest-django's transaction is never committed: the on_commit bump never runs.
    services.note_create(owner=pupil, title="Jamais validée", text="")
    assert bureau_version(pupil.pk) == version
    assert "Écrite en douce" not in _dashboard(client)
