"""Who may write to whom: every pair of profiles of the school, the defaults of the issue, a
rule changed by the direction, and the server's check whatever the form posts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.school import school_role
from messagerie.groups import groups_for
from messagerie.models import CommunicationRules
from messagerie.rules import reach
from messagerie.services import recipients_resolve

pytestmark = pytest.mark.django_db

PEOPLE = [
    "parent_un", "parent_deux", "parent_trois", "parent_ailleurs",
    "pupil_un", "pupil_deux", "pupil_trois", "pupil_ailleurs",
    "quatreb", "quatrec", "viesco", "direction", "cdi", "ailleurs",
]  # fmt: skip
STAFF_OF_A = {"quatreb", "quatrec", "viesco", "direction", "cdi"}
FAMILIES_OF_A = {
    "parent_un", "parent_deux", "parent_trois", "pupil_un", "pupil_deux", "pupil_trois",
}  # fmt: skip

# sender → whom they may write to, with the default rules (everyone else is refused).
EXPECTED = {
    # A guardian: the teachers of their child's class, the staff, their own child. Never
    # another parent (even of the same class) nor another pupil.
    "parent_un": {"quatreb", "viesco", "direction", "cdi", "pupil_un"},
    "parent_trois": {"quatrec", "viesco", "direction", "cdi", "pupil_trois"},
    "parent_ailleurs": {"ailleurs", "pupil_ailleurs"},
    # A pupil: the teachers of their class, the staff, their own guardians; no other pupil.
    "pupil_un": {"quatreb", "viesco", "direction", "cdi", "parent_un"},
    "pupil_trois": {"quatrec", "viesco", "direction", "cdi", "parent_trois"},
    # Teachers and staff: everyone of their establishment.
    "quatreb": (STAFF_OF_A | FAMILIES_OF_A) - {"quatreb"},
    "quatrec": (STAFF_OF_A | FAMILIES_OF_A) - {"quatrec"},
    "viesco": (STAFF_OF_A | FAMILIES_OF_A) - {"viesco"},
    "direction": (STAFF_OF_A | FAMILIES_OF_A) - {"direction"},
    "cdi": (STAFF_OF_A | FAMILIES_OF_A) - {"cdi"},
    "ailleurs": {"parent_ailleurs", "pupil_ailleurs"},
}
PAIRS = [(sender, recipient) for sender in EXPECTED for recipient in PEOPLE]


@pytest.mark.parametrize(("sender", "recipient"), PAIRS)
def test_every_profile_pair(school, sender, recipient):
    sender_reach = reach(school_role(school[sender]))
    target = school[recipient].pk
    allowed = recipient in EXPECTED[sender]
    assert (target in sender_reach.allowed_ids([target])) is allowed
    # What the picker offers is exactly what the server accepts.
    assert sender_reach.accounts().filter(pk=target).exists() is allowed
    if allowed:
        recipients_resolve(sender_reach=sender_reach, user_ids=[target], group_keys=[])
    else:
        with pytest.raises(ValidationError) as refused:
            recipients_resolve(sender_reach=sender_reach, user_ids=[target], group_keys=[])
        assert "ne fait pas partie des personnes" in refused.value.messages[0]


def test_the_reach_costs_one_query_and_one_more_to_check_ids(school, django_assert_num_queries):
    role = school_role(school["parent_un"])
    with django_assert_num_queries(1):
        sender_reach = reach(role)
    with django_assert_num_queries(1):
        sender_reach.allowed_ids([school[name].pk for name in PEOPLE])


def test_a_guardian_posting_another_parents_id_is_refused(school):
    """Even with the teacher's id beside it: nothing of the list is sent."""
    sender_reach = reach(school_role(school["parent_un"]))
    with pytest.raises(ValidationError):
        recipients_resolve(
            sender_reach=sender_reach,
            user_ids=[school["quatreb"].pk, school["parent_deux"].pk],
            group_keys=[],
        )


def test_the_direction_changes_a_rule(school):
    CommunicationRules.objects.create(
        establishment=school["a"], guardian_to_class_guardians=True, pupil_to_staff=False
    )
    parent = reach(school_role(school["parent_un"]))
    assert parent.allowed_ids([school["parent_deux"].pk]) == {school["parent_deux"].pk}
    assert not parent.allowed_ids([school["parent_trois"].pk])  # another class
    pupil = reach(school_role(school["pupil_un"]))
    assert not pupil.allowed_ids([school["viesco"].pk])
    assert "vie-scolaire:" not in " ".join(groups_for(pupil))


def test_groups_are_reserved_to_the_direction_and_the_vie_scolaire(school):
    a = school["a"].pk
    for name in ("viesco", "direction"):
        keys = set(groups_for(reach(school_role(school[name]))))
        assert {
            f"parents:{a}",
            f"parents-classe:{school['4b'].pk}",
            f"parents-niveau:{a}:4",
        } <= keys
    for name in ("quatreb", "cdi", "parent_un", "pupil_un"):
        groups = groups_for(reach(school_role(school[name])))
        # The school's desks only: "Vie scolaire" and "Direction".
        assert {g.kind for g in groups.values()} == {"service"}, name
        assert set(groups) == {f"vie-scolaire:{a}", f"direction:{a}"}
    assert set(groups_for(reach(school_role(school["parent_ailleurs"])))) == {
        f"vie-scolaire:{school['other'].pk}",
        f"direction:{school['other'].pk}",
    }


def test_a_teacher_may_write_to_their_class_groups_when_the_school_allows_it(school):
    CommunicationRules.objects.create(establishment=school["a"], teachers_to_class_groups=True)
    keys = set(groups_for(reach(school_role(school["quatreb"]))))
    assert f"parents-classe:{school['4b'].pk}" in keys
    assert f"parents-classe:{school['4c'].pk}" not in keys
    assert f"parents:{school['a'].pk}" not in keys


def test_a_posted_group_outside_the_senders_groups_is_refused(school):
    sender_reach = reach(school_role(school["quatreb"]))
    with pytest.raises(ValidationError) as refused:
        recipients_resolve(
            sender_reach=sender_reach,
            user_ids=[],
            group_keys=[f"parents-classe:{school['4b'].pk}"],
        )
    assert "réservés à la direction" in refused.value.messages[0]


def test_groups_resolve_to_their_members(school):
    sender_reach = reach(school_role(school["direction"]))
    resolved = recipients_resolve(
        sender_reach=sender_reach, user_ids=[], group_keys=[f"parents-classe:{school['4b'].pk}"]
    )
    assert set(resolved.recipient_ids) == {school["parent_un"].pk, school["parent_deux"].pk}
    assert resolved.needs_confirmation
    resolved = recipients_resolve(
        sender_reach=sender_reach, user_ids=[], group_keys=[f"vie-scolaire:{school['a'].pk}"]
    )
    assert resolved.recipient_ids == [school["viesco"].pk]
    assert not resolved.needs_confirmation
    resolved = recipients_resolve(
        sender_reach=sender_reach, user_ids=[], group_keys=[f"profs-classe:{school['4b'].pk}"]
    )
    assert resolved.recipient_ids == [school["quatreb"].pk]


def test_nobody_writes_to_a_closed_account_nor_to_themself(school):
    sender_reach = reach(school_role(school["quatreb"]))
    closed = school["parent_un"]
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    assert not sender_reach.allowed_ids([closed.pk, school["quatreb"].pk])
