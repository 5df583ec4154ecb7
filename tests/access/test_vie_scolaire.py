"""The vie scolaire's object URLs refuse every outsider, not only the walk's viewer."""

from __future__ import annotations

from django.urls import reverse

from tests.access.vie_scolaire import OUTSIDERS, VIE_SCOLAIRE_CHECKS
from tests.access.walk import REFUSED


def test_every_outsider_is_refused_school_a_vie_scolaire(client, world):
    for name, viewers in OUTSIDERS.items():
        url = reverse(name, kwargs=VIE_SCOLAIRE_CHECKS[name]["forbidden"](world))
        for viewer in viewers:
            client.force_login(world[viewer])
            for method in (client.get, client.post):
                status = method(url).status_code
                assert status in REFUSED | {405}, f"{name} : {status} pour {viewer}"


def test_a_pupil_cannot_justify_nor_declare(client, world):
    client.force_login(world["pupil_account_b"])
    for name in ("teleservices:vie_scolaire_justify", "teleservices:vie_scolaire_declare"):
        url = reverse(name, kwargs=VIE_SCOLAIRE_CHECKS[name]["allowed"](world))
        assert client.get(url).status_code == 404
