"""Who sees which establishment event: the news' audiences, table-driven (a parent sees their
children's classes and levels and the parents' events, never another class nor another
school's), plus every event of the establishment for its direction and vie scolaire."""

from __future__ import annotations

import pytest

from agenda.models import Audience
from agenda.selectors import events_between, school_event_readable, upcoming_for
from tests.agenda.conftest import make_event

pytestmark = pytest.mark.django_db

EVENTS = {
    # title → (school, audience, division key or level)
    "école A": ("a", Audience.SCHOOL, None),
    "parents A": ("a", Audience.PARENTS, None),
    "élèves A": ("a", Audience.PUPILS, None),
    "personnels A": ("a", Audience.STAFF, None),
    "conseil 4 B": ("a", Audience.DIVISION, "4 B"),
    "conseil 3 A": ("a", Audience.DIVISION, "3 A"),
    "niveau 4e": ("a", Audience.LEVEL, "4"),
    "niveau 3e": ("a", Audience.LEVEL, "3"),
    "école B": ("b", Audience.SCHOOL, None),
    "parents B": ("b", Audience.PARENTS, None),
    "4 B de B": ("b", Audience.DIVISION, "B 4 B"),
}

SEES = {
    # the parent of a 4 B pupil (and of a 6 A pupil) of school A
    "parent": {"école A", "parents A", "conseil 4 B", "niveau 4e"},
    # a pupil of 4 C
    "pupil": {"école A", "élèves A", "niveau 4e"},
    # a teacher (of 4 B): the whole school and the staff, like the news
    "teacher": {"école A", "personnels A"},
    # the secretariat (staff account of the admin)
    "secretary": {"école A", "personnels A"},
    # the direction and the CPE write the establishment's events: they see them all
    "direction": {title for title, (school, _, _) in EVENTS.items() if school == "a"},
    "cpe": {title for title, (school, _, _) in EVENTS.items() if school == "a"},
    # another establishment's parent and direction
    "parent_b": {"école B", "parents B", "4 B de B"},
    "direction_b": {"école B", "parents B", "4 B de B"},
}


@pytest.fixture
def events(world):
    made = {}
    for title, (school, audience, target) in EVENTS.items():
        division = world[target] if audience == Audience.DIVISION else None
        level = target if audience == Audience.LEVEL else ""
        made[title] = make_event(
            world[school], title, audience, division=division, level=level or ""
        )
    return made


@pytest.mark.parametrize("who", sorted(SEES))
def test_each_profile_sees_the_events_of_its_audiences(world, events, who):
    user = world[who]
    day = events["école A"].starts_on
    seen = {event.title for event in events_between(user=user, first=day, last=day)}
    assert seen == SEES[who]
    assert {event.title for event in upcoming_for(user=user, limit=50)} == SEES[who]
    for title, event in events.items():
        readable = school_event_readable(user=user, event_id=event.pk) is not None
        assert readable is (title in SEES[who]), (who, title)


def test_a_parent_whose_child_left_no_longer_sees_the_class(world, events):
    import datetime

    from accounts.models import Pupil

    Pupil.objects.filter(division=world["4 B"]).update(left_on=datetime.date(2020, 7, 1))
    user = world["parent"]
    day = events["école A"].starts_on
    seen = {event.title for event in events_between(user=user, first=day, last=day)}
    assert "conseil 4 B" not in seen and "niveau 4e" not in seen and "école A" in seen


def test_an_inactive_account_sees_nothing(world, events):
    user = world["parent"]
    user.is_active = False
    day = events["école A"].starts_on
    assert events_between(user=user, first=day, last=day) == []
