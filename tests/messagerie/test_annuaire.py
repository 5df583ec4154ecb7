"""The annuaire des utilisateurs: exactly the people the mail's rules let the viewer write to
(``reach``), searched by name without regard to accents or case, with what each viewer may see;
never an e-mail address or a phone number of a family."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Guardian, Pupil, TeachingService, User
from accounts.school import school_role
from messagerie.annuaire import PAGE_SIZE, directory_search
from messagerie.models import CommunicationRules, Contact
from messagerie.rules import reach
from tests.factories import (
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    SubjectFactory,
    TeachingServiceFactory,
    UserFactory,
)
from tests.messagerie.helpers import client_for, text_of
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db
ANNUAIRE = reverse("messagerie:annuaire")


@pytest.fixture
def people(school):
    school["secretariat"] = UserFactory(
        username="secretariat.college", first_name="Sandrine", last_name="SECRETARIAT",
        profile=User.Profile.PERSONNEL, is_staff=True, establishment=school["a"],
        accepted_charter_version=99,
    )  # fmt: skip
    return school


def _found(viewer, query) -> set[int]:
    page = directory_search(reach=reach(school_role(viewer)), viewer=viewer, query=query)
    return {person.pk for person in page.people}


EVERYONE = (
    "parent_un", "parent_deux", "parent_trois", "pupil_un", "pupil_deux", "pupil_trois",
    "quatreb", "quatrec", "viesco", "direction", "cdi", "secretariat",
    "parent_ailleurs", "pupil_ailleurs", "ailleurs",
)  # fmt: skip
SCHOOL_A = set(EVERYONE) - {"parent_ailleurs", "pupil_ailleurs", "ailleurs"}
STAFF_A = {"quatreb", "quatrec", "viesco", "direction", "cdi", "secretariat"}
# Who finds whom, with the default rules (those of the mail, docs/messagerie.md).
FINDS = {
    "parent_un": {"quatreb", "viesco", "direction", "cdi", "secretariat", "pupil_un"},
    "pupil_un": {"quatreb", "viesco", "direction", "cdi", "secretariat", "parent_un"},
    "quatreb": SCHOOL_A - {"quatreb"},  # a teacher
    "viesco": SCHOOL_A - {"viesco"},  # the CPE (vie scolaire)
    "direction": SCHOOL_A - {"direction"},
    "secretariat": SCHOOL_A - {"secretariat"},  # no STS record
    "parent_ailleurs": {"ailleurs", "pupil_ailleurs"},  # another establishment
}


@pytest.mark.parametrize("viewer", sorted(FINDS))
def test_the_annuaire_finds_exactly_whom_the_viewer_may_write_to(people, viewer):
    me = people[viewer]
    for target in EVERYONE:
        person = people[target]
        found = person.pk in _found(me, person.last_name)
        assert found == (target in FINDS[viewer]), f"{viewer} cherche {target} : {found}"
    # The same rule set as the mail: whoever is found may be written to, and only they.
    allowed = reach(school_role(me)).allowed_ids(people[t].pk for t in EVERYONE)
    assert allowed == {people[t].pk for t in FINDS[viewer]}


def test_a_parent_searching_another_parent_finds_nothing(people, client):
    client.force_login(people["parent_un"])
    response = client.get(ANNUAIRE, {"q": "parent"})
    assert response.status_code == 200
    assert response.context["result"].people == []
    assert "Personne ne correspond" in text_of(response)
    # …even with the other parent's full name, or their identifier.
    assert not _found(people["parent_un"], "Parent DEUX")
    assert not _found(people["parent_un"], "deux")


def test_accents_and_case_do_not_matter(people):
    teacher = people["quatreb"]
    teacher.first_name, teacher.last_name = "Hélène", "CHÂTEAU-DE-LŒUVRE"
    teacher.save()
    parent = people["parent_un"]
    for query in ("helene", "HÉLÈNE", "Helene chateau", "château", "loeuvre", "de loeuvre", "hél"):
        assert teacher.pk in _found(parent, query), query
    assert teacher.pk not in _found(parent, "helena")


def test_a_query_needs_two_characters(people, client):
    client.force_login(people["direction"])
    response = client.get(ANNUAIRE, {"q": " é "})
    assert response.context["result"].people == []
    assert "Tapez au moins 2 caractères" in text_of(response)
    assert client.get(ANNUAIRE, {"q": "vi"}).context["result"].count >= 1  # vIesco, dIrection


def test_what_each_result_shows(people, client):
    teacher_record = people["quatreb"].staff_records.get()
    maths = SubjectFactory(establishment=people["a"], label="Mathématiques")
    TeachingServiceFactory(
        establishment=people["a"], teacher=teacher_record, subject=maths, division=people["4c"]
    )
    TeachingServiceFactory(
        establishment=people["a"], teacher=teacher_record, subject=maths, division=people["4b"]
    )
    client.force_login(people["parent_un"])
    text = text_of(client.get(ANNUAIRE, {"q": "quatreb"}))
    assert "Enseignant" in text and "Mathématiques (4 B, 4 C)" in text
    assert "Écrire" in text and "Ajouter au carnet" in text
    # A pupil shows their class; the CPE their function.
    text = text_of(client.get(ANNUAIRE, {"q": "eleve un"}))
    assert "Élève, classe de 4 B" in text
    text = text_of(client.get(ANNUAIRE, {"q": "viesco"}))
    assert "Personnel non-enseignant — Éducation" in text


def test_parents_children_classes_are_shown_to_staff_only(people, client):
    client.force_login(people["direction"])
    assert "Enfant en 4 B" in text_of(client.get(ANNUAIRE, {"q": "parent un"}))
    client.force_login(people["pupil_un"])  # the pupil finds their own parent
    text = text_of(client.get(ANNUAIRE, {"q": "parent un"}))
    assert "Parent UN" in text and "Enfant en" not in text


def test_no_email_or_phone_of_a_family_is_ever_shown_to_another_family(people, client):
    parent = people["parent_un"]
    parent.email = "parent.un@famille.example"
    parent.save()
    Guardian.objects.filter(account=parent).update(
        email="maison.un@famille.example", phone_mobile="+33612345678", phone_home="+33549000000"
    )
    pupil = people["pupil_un"]
    pupil.email = "eleve.un@famille.example"
    pupil.save()
    # The other parents of the class become reachable: what they would see of this family.
    CommunicationRules.objects.create(establishment=people["a"], guardian_to_class_guardians=True)
    secrets = ("famille.example", "612345678", "6 12 34 56 78", "549000000", "5 49 00 00 00")
    for viewer, query in (("parent_deux", "un"), ("pupil_un", "parent"), ("parent_un", "eleve")):
        client.force_login(people[viewer])
        response = client.get(ANNUAIRE, {"q": query})
        assert response.context["result"].count >= 1, viewer
        text = text_of(response)
        assert not any(secret in text for secret in secrets), viewer
    # The rule really opened the class's parents: parent_deux did find parent_un.
    assert parent.pk in _found(people["parent_deux"], "un")


def test_results_are_paginated(people, client):
    a, b4 = people["a"], people["4b"]
    for index in range(PAGE_SIZE + 5):
        account = UserFactory(username=f"eleve.martin{index}", first_name=f"Élève{index:02d}",
                              last_name="MARTIN", profile=User.Profile.ELEVE)  # fmt: skip
        PupilFactory(establishment=a, division=b4, account=account)
    client.force_login(people["direction"])
    first = client.get(ANNUAIRE, {"q": "martin"}).context["result"]
    assert first.count == PAGE_SIZE + 5 and len(first.people) == PAGE_SIZE and first.has_next
    second = client.get(ANNUAIRE, {"q": "martin", "page": "2"}).context["result"]
    assert len(second.people) == 5 and second.has_previous and not second.has_next
    assert not {p.pk for p in first.people} & {p.pk for p in second.people}
    assert client.get(ANNUAIRE, {"q": "martin", "page": "x"}).context["result"].number == 1
    assert client.get(ANNUAIRE, {"q": "martin", "page": "99"}).context["result"].number == 2


def _crowd(people, count):
    """``count`` families of 4 B named DURAND, each teacher of the class teaching 2 subjects."""
    a, b4 = people["a"], people["4b"]
    for index in range(count):
        parent = UserFactory(username=f"parent.durand{index}", last_name="DURAND")
        child = UserFactory(username=f"eleve.durand{index}", last_name="DURAND",
                            profile=User.Profile.ELEVE)  # fmt: skip
        pupil = PupilFactory(establishment=a, division=b4, account=child)
        GuardianLinkFactory(guardian=GuardianFactory(establishment=a, account=parent), pupil=pupil)
        teacher = UserFactory(username=f"prof.durand{index}", last_name="DURAND",
                              profile=User.Profile.ENSEIGNANT, establishment=a)  # fmt: skip
        service = TeachingServiceFactory(establishment=a, division=b4, teacher__account=teacher)
        TeachingServiceFactory(establishment=a, division=people["4c"], teacher=service.teacher)
        Contact.objects.create(owner=people["direction"], kind="personne", person=parent)


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("who", ["direction", "parent_un"])
def test_the_annuaire_costs_a_fixed_number_of_queries(
    people, who, count, django_assert_num_queries
):
    _crowd(people, count)
    client = client_for(people[who])
    client.get(ANNUAIRE)  # fills the charter version's cache
    # (session,) user, the viewer's role (1 family, 3 staff), rules, count, page, teaching
    # services, staff functions, carnet, [children's classes for staff], unread count.
    expected = {"direction": 12, "parent_un": 9}[who]
    with django_assert_num_queries(session_queries() + expected):
        response = client.get(ANNUAIRE, {"q": "durand"})
    found = response.context["result"].count
    assert found == (3 * count if who == "direction" else count)  # a parent: the teachers
    assert TeachingService.objects.count() and Pupil.objects.count()


def test_the_mail_picker_compares_names_the_same_way(people, client):
    teacher = people["quatreb"]
    teacher.first_name = "Hélène"
    teacher.save()
    client.force_login(people["parent_un"])
    compose = reverse("messagerie:compose")
    for query in ("helene", "HÉLÈNE", "prof.quatreb"):
        found = [p["pk"] for p in client.get(compose, {"q": query}).context["people"]]
        assert found == [teacher.pk], query
    assert client.get(compose, {"q": "parent deux"}).context["people"] == []
