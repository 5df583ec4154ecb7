"""The demo collège's Pronote step: its address, identifiers linked through the real import, one
line left to settle; idempotent."""

import pytest
from django.utils import timezone

from accounts.models import StaffMember
from core.demo import DemoWorld
from pronote_bridge.demo import run
from pronote_bridge.models import PronoteEntLink, PronoteImport, PronoteSettings

pytestmark = pytest.mark.django_db


def test_the_demo_step_configures_pronote_and_links_the_demo_people(school, secretary):
    world = DemoWorld(
        establishment=school["establishment"],
        today=timezone.localdate(),
        parent=school["mother"],
        children=[school["lea_pupil"]],
        teacher=StaffMember.objects.get(account=school["teacher"]),
        education=None,
        direction=None,
        secretary=secretary,
    )
    first, second = run(world), run(world)
    assert first == second and "1 ligne(s) à traiter" in first
    settings = PronoteSettings.objects.get()
    assert settings.base_url == "https://0860123x.index-education.net/pronote/"
    assert settings.registered_service.attribute_profile == "pronote_ent"
    linked = set(PronoteEntLink.objects.values_list("user__username", flat=True))
    # Léa's class (5 A): Léa and one Hugo; her mother; the teacher.
    assert {"l.eleonore", "h.bernard", "m.eleonore", "p.durand"} == linked
    assert PronoteImport.objects.get().unmatched_count == 1
