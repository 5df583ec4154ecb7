"""The demo collège's bureaus: the demo parent, pupil and teacher have notes, tasks (one overdue,
one done) and favoris (pinned applications they may see, a link); a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from apps_catalog.selectors import application_tile_for_profile
from bureau.models import Favorite, Note, Task

pytestmark = pytest.mark.django_db


def test_the_demo_users_have_a_living_bureau():
    out = io.StringIO()
    call_command("load_demo", pupils=80, stdout=out)
    assert (
        "Bureau de démonstration : notes, tâches et favoris pour le parent, l'élève, le professeur."
        in out.getvalue()
    )
    counts = (Note.objects.count(), Task.objects.count(), Favorite.objects.count())
    owners = User.objects.filter(pk__in=Favorite.objects.values("owner"))
    assert {user.profile for user in owners} == {
        User.Profile.PARENT,
        User.Profile.ELEVE,
        User.Profile.ENSEIGNANT,
    }
    today = timezone.localdate()
    for user in owners:
        tasks = Task.objects.filter(owner=user)
        assert tasks.filter(done_at__isnull=True, due_on__lt=today).count() == 1
        assert tasks.filter(done_at__isnull=False).count() == 1
        assert Note.objects.filter(owner=user).exists()
        favorites = Favorite.objects.filter(owner=user)
        assert favorites.filter(application__isnull=True).count() == 1
        pinned = favorites.filter(application__isnull=False).select_related("application")
        assert pinned.count() >= 2
        for favorite in pinned:  # never an application the profile cannot see
            assert application_tile_for_profile(
                slug=favorite.application.slug, profile=user.profile
            ), favorite.application.slug
    again = io.StringIO()
    call_command("load_demo", pupils=80, stdout=again)
    assert "Bureau de démonstration : déjà en place." in again.getvalue()
    assert (Note.objects.count(), Task.objects.count(), Favorite.objects.count()) == counts
