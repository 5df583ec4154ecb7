"""The mark book's object URLs in the access walk: a devoir and a skill item of school A's class
(taught by ``teacher_a``), asked by a teacher of A who does not teach that class (404); the
owner reaches them. The direction's read-only access is tested in tests/evaluations."""

from __future__ import annotations


def notes_of_a(world: dict) -> dict:
    if "notes_a" not in world:
        from evaluations.models import SkillItem
        from tests.evaluations.conftest import make_devoir, trimestres

        service = world["service_a"]
        period = trimestres(world["a"], world["a"].school_year)[0]
        devoir = make_devoir(service, period)
        item = SkillItem.objects.create(
            establishment=world["a"],
            service=service,
            period=period,
            component="CPD_FRA",
            label="Lire",
            date=period.starts_on,
            visible_from=period.starts_on,
        )
        world["notes_a"] = {"devoir": devoir, "item": item}
    return world["notes_a"]


def _service(w):
    return {"service_id": w["service_a"].pk}


def _devoir(w):
    return {"devoir_id": notes_of_a(w)["devoir"].pk}


def _item(w):
    return {"item_id": notes_of_a(w)["item"].pk}


NOTES_URLS = {
    "evaluations:service": _service,
    "evaluations:devoir_new": _service,
    "evaluations:skill_new": _service,
    "evaluations:devoir_grid": _devoir,
    "evaluations:devoir_edit": _devoir,
    "evaluations:devoir_delete": _devoir,
    "evaluations:skill_grid": _item,
    "evaluations:skill_delete": _item,
}


def notes_checks(check: type) -> dict:
    return {
        name: check(viewer="other_teacher_a", forbidden=kwargs, owner="teacher_a", allowed=kwargs)
        for name, kwargs in NOTES_URLS.items()
    }
