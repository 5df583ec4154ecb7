"""The cahier de textes' object URLs refuse every stranger, not only the walk's viewer: a parent
of another family, a teacher of the school who does not teach that class (for the teacher's
pages), another establishment's staff (teacher and CPE) and pupil."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access.cahier_checks import CAHIER_URLS, COMMUNITY_READS
from tests.access.walk import REFUSED

pytestmark = pytest.mark.django_db

STRANGERS = ("parent_b", "pupil_account_b", "teacher_b", "cpe_b")


@pytest.mark.parametrize("name", sorted(CAHIER_URLS))
def test_every_cahier_url_refuses_strangers(client, world, name):
    kwargs, owner, _ = CAHIER_URLS[name]
    url = reverse(name, kwargs=kwargs(world))
    viewers = list(STRANGERS)
    if name not in COMMUNITY_READS:
        viewers += ["other_teacher_a", "parent_a", "cpe_a", "pupil_account_a"]
    for viewer in viewers:
        if viewer == owner:
            continue
        client.force_login(world[viewer])
        for method, refused in ((client.get, REFUSED), (client.post, REFUSED | {405})):
            response = method(url)
            assert response.status_code in refused, f"{name} {viewer} {response.status_code}"


def test_the_consultation_shows_nothing_of_another_school(client, world):
    url = reverse("cahier_de_textes:consultation")
    division_a = world["pupil_a"].division_id
    for viewer in STRANGERS:
        client.force_login(world[viewer])
        assert client.get(url, {"classe": division_a}).status_code == 404
        assert "Collège A" not in client.get(url).content.decode()
    client.force_login(world["other_teacher_a"])
    assert client.get(url, {"classe": division_a}).status_code == 200
