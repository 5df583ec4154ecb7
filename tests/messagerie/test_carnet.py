"""The carnet d'adresses: saved people, groups and lists, owner-only, checked against the rules
at every use; the compose page offers them first and the server refuses, at sending time, an
entry the rules no longer allow (nothing sent, the draft kept)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Pupil, TeachingService
from messagerie import services
from messagerie.models import Contact, Delivery, Message
from tests.messagerie.helpers import COMPOSE, client_for, inbox_of, send, text_of
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db
CARNET = reverse("messagerie:carnet")
ADD = reverse("messagerie:carnet_add")
UNREACHABLE = 'fr-badge--warning">plus joignable'


def _add(client, **data):
    return client.post(ADD, data)


def _person(owner, person):
    return Contact.objects.create(owner=owner, kind="personne", person=person)


def test_a_parent_adds_the_teacher_and_the_vie_scolaire(school):
    parent, teacher = school["parent_un"], school["quatreb"]
    client = client_for(parent)
    response = _add(client, personne=teacher.pk, suite="/annuaire/?q=quatreb")
    assert response.status_code == 302 and response.url == "/annuaire/?q=quatreb"
    again = client.post(ADD, {"personne": teacher.pk}, follow=True)
    assert "est déjà dans votre carnet" in text_of(again)
    _add(client, groupe=f"vie-scolaire:{school['a'].pk}")
    contacts = Contact.objects.filter(owner=parent)
    assert {(c.kind, c.person_id, c.label) for c in contacts} == {
        ("personne", teacher.pk, ""),
        ("groupe", None, "Vie scolaire"),
    }
    page = text_of(client.get(CARNET))
    assert "Prof QUATREB" in page and "Vie scolaire" in page and UNREACHABLE not in page


def test_nothing_outside_the_rules_enters_the_carnet(school):
    parent = school["parent_un"]
    client = client_for(parent)
    for data in (
        {"personne": school["parent_deux"].pk},  # another parent
        {"personne": school["quatrec"].pk},  # a teacher of another class
        {"personne": school["ailleurs"].pk},  # another school
        {"personne": parent.pk},  # oneself
        {"groupe": f"parents-classe:{school['4b'].pk}"},  # a mass group
        {"groupe": "vie-scolaire:999999"},
        {"personne": "x"},
        {},
    ):
        response = client.post(ADD, data, follow=True)
        assert response.status_code == 200
        assert "Vous ne pouvez pas ajouter" in text_of(response) or "Choisissez" in text_of(
            response
        ), data
    assert not Contact.objects.exists()
    # The open redirect is closed: back to the carnet.
    response = _add(client, personne=school["quatreb"].pk, suite="https://evil.example/")
    assert response.url == CARNET


def test_the_direction_may_save_mass_groups(school):
    client = client_for(school["direction"])
    _add(client, groupe=f"parents-classe:{school['4b'].pk}")
    assert Contact.objects.get(owner=school["direction"]).label == "Parents de 4 B"


def test_rename_delete_and_the_limit(school, monkeypatch):
    parent = school["parent_un"]
    client = client_for(parent)
    contact = _person(parent, school["quatreb"])
    url = reverse("messagerie:contact_edit", args=[contact.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"nom": "  Le prof   de maths "})
    contact.refresh_from_db()
    assert contact.label == "Le prof de maths"
    response = client.post(url, {"nom": "x" * 101})
    assert response.status_code == 400 and "100 caractères" in text_of(response)
    client.post(url, {"nom": ""})  # a person gets their own name back
    contact.refresh_from_db()
    assert contact.label == ""
    monkeypatch.setattr("messagerie.services.carnet.MAX_CONTACTS", 1)
    response = client.post(ADD, {"groupe": f"vie-scolaire:{school['a'].pk}"}, follow=True)
    assert "le maximum" in text_of(response)
    assert Contact.objects.filter(owner=parent).count() == 1
    client.post(reverse("messagerie:contact_delete", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_another_users_entry_is_a_404_whatever_the_method(school):
    contact = _person(school["parent_deux"], school["quatreb"])
    client = client_for(school["parent_un"])
    for name in ("contact_edit", "contact_delete", "contact_write"):
        url = reverse(f"messagerie:{name}", args=[contact.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"nom": "volé"}).status_code == 404
    contact.refresh_from_db()
    assert contact.label == ""


def test_lists_of_people_of_the_carnet(school):
    parent = school["parent_un"]
    client = client_for(parent)
    teacher, cpe = school["quatreb"], school["viesco"]
    _person(parent, teacher), _person(parent, cpe)
    response = client.post(CARNET, {"nom": "Équipe de 4 B", "membres": [teacher.pk, cpe.pk]})
    assert response.status_code == 302
    listed = Contact.objects.get(owner=parent, kind="liste")
    assert set(listed.members.values_list("pk", flat=True)) == {teacher.pk, cpe.pk}
    # Nobody outside the carnet, nobody outside the rules; a name is required.
    for data in (
        {"nom": "Autres", "membres": [school["direction"].pk]},
        {"nom": "Parents", "membres": [school["parent_deux"].pk]},
        {"nom": "", "membres": [teacher.pk]},
    ):
        response = client.post(CARNET, data)
        assert response.status_code == 400, data
    assert Contact.objects.filter(kind="liste").count() == 1
    edit = reverse("messagerie:contact_edit", args=[listed.pk])
    client.post(edit, {"nom": "Équipe", "membres": [cpe.pk]})
    listed.refresh_from_db()
    assert listed.label == "Équipe" and list(listed.members.all()) == [cpe]


def _move_pupil_un_to_4c(school):
    Pupil.objects.filter(account=school["pupil_un"]).update(division=school["4c"])


def test_a_contact_no_longer_reachable_is_shown_so_and_cannot_be_sent_to(school):
    parent, teacher = school["parent_un"], school["quatreb"]
    contact = _person(parent, teacher)
    listed = Contact.objects.create(owner=parent, kind="liste", label="Profs")
    listed.members.set([teacher])
    client = client_for(parent)
    _move_pupil_un_to_4c(school)  # the child changed class: 4 B's teacher is out of reach
    assert text_of(client.get(CARNET)).count(UNREACHABLE) == 2
    compose = client.get(COMPOSE)
    assert f'value="{contact.pk}" id="carnet-{contact.pk}" disabled' in compose.content.decode()
    for entry in (contact, listed):
        response = client.post(
            COMPOSE,
            {"objet": "Sortie", "texte": "Bonjour", "carnet": [entry.pk], "action": "send"},
        )
        assert response.status_code == 400
        text = text_of(response)
        assert "n'est plus joignable" in text or "que vous ne pouvez plus joindre" in text
        assert "votre brouillon est conservé" in text
    assert not inbox_of(teacher).exists()
    drafts = Message.objects.filter(sender=parent, sent_at__isnull=True)
    assert drafts.count() == 2 and {d.subject for d in drafts} == {"Sortie"}
    assert all(d.addressed["users"] == [] for d in drafts)  # the draft never keeps him
    # « Écrire » from the carnet is refused too.
    response = client.post(reverse("messagerie:contact_write", args=[contact.pk]), follow=True)
    assert "n'est plus joignable" in text_of(response)
    assert Message.objects.filter(sender=parent).count() == 2


def test_a_rule_change_makes_a_group_unreachable(school):
    from messagerie.models import CommunicationRules

    parent = school["parent_un"]
    group = Contact.objects.create(
        owner=parent, kind="groupe", group_key=f"vie-scolaire:{school['a'].pk}",
        label="Vie scolaire",
    )  # fmt: skip
    CommunicationRules.objects.create(establishment=school["a"], guardian_to_staff=False)
    client = client_for(parent)
    response = client.post(COMPOSE, {"objet": "Absence", "carnet": [group.pk], "action": "send"})
    assert response.status_code == 400 and "« Vie scolaire » n'est plus joignable" in text_of(
        response
    )
    assert not inbox_of(school["viesco"]).exists()


def test_carnet_entries_come_first_in_the_picker_and_are_sent_to(school):
    parent, teacher, cpe = school["parent_un"], school["quatreb"], school["viesco"]
    person = _person(parent, teacher)
    group = Contact.objects.create(
        owner=parent, kind="groupe", group_key=f"vie-scolaire:{school['a'].pk}",
        label="Vie scolaire",
    )  # fmt: skip
    client = client_for(parent)
    page = client.get(COMPOSE).content.decode()
    assert page.index('id="mon-carnet"') < page.index('id="ajouter-legende"')
    assert f'name="carnet" value="{person.pk}"' in page and f'value="{group.pk}"' in page
    response = client.post(
        COMPOSE,
        {"objet": "Rendez-vous", "texte": "Bonjour", "carnet": [person.pk, group.pk],
         "action": "send"},
    )  # fmt: skip
    assert response.status_code == 302, text_of(response)
    assert inbox_of(teacher).count() == 1 and inbox_of(cpe).count() == 1
    # Saving a draft with a carnet entry adds its people to the draft's recipients.
    listed = Contact.objects.create(owner=parent, kind="liste", label="Profs")
    listed.members.set([teacher])
    client.post(COMPOSE, {"objet": "Brouillon", "carnet": [listed.pk], "action": "save"})
    draft = Message.objects.get(sender=parent, subject="Brouillon")
    assert draft.addressed["users"] == [teacher.pk]


def test_another_users_carnet_entry_posted_in_compose_is_refused(school):
    theirs = _person(school["parent_deux"], school["quatreb"])
    client = client_for(school["parent_un"])
    response = client.post(COMPOSE, {"objet": "x", "carnet": [theirs.pk], "action": "send"})
    assert response.status_code == 400
    assert "n'est plus dans votre carnet" in text_of(response)
    assert not inbox_of(school["quatreb"]).exists()


def test_write_from_the_carnet_opens_a_draft(school):
    parent, teacher = school["parent_un"], school["quatreb"]
    contact = _person(parent, teacher)
    client = client_for(parent)
    url = reverse("messagerie:contact_write", args=[contact.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    draft = Message.objects.get(sender=parent, sent_at__isnull=True)
    assert response.url == reverse("messagerie:draft", args=[draft.pk])
    assert draft.addressed == {"users": [teacher.pk], "groups": []}


def test_add_the_sender_of_a_received_message(school):
    parent, teacher = school["parent_un"], school["quatreb"]
    message = send(teacher, to=[parent.pk])
    delivery = Delivery.objects.get(owner=parent, message=message)
    client = client_for(parent)
    url = reverse("messagerie:message", args=[delivery.pk])
    page = text_of(client.get(url))
    assert "Ajouter au carnet" in page
    response = client.post(ADD, {"personne": teacher.pk, "suite": url})
    assert response.url == url
    assert Contact.objects.filter(owner=parent, person=teacher).exists()


def test_the_carnet_is_erased_with_its_owner_and_its_people(school):
    parent = school["parent_un"]
    _person(parent, school["quatreb"])
    _person(school["parent_deux"], school["quatreb"])
    Contact.objects.create(owner=school["parent_deux"], kind="liste", label="L").members.set(
        [school["viesco"]]
    )
    parent.delete()
    assert Contact.objects.count() == 2
    school["quatreb"].delete()
    assert list(Contact.objects.values_list("kind", flat=True)) == ["liste"]
    school["viesco"].delete()
    assert Contact.objects.get().members.count() == 0


@pytest.mark.parametrize("count", [1, 15])
def test_the_carnet_page_costs_a_fixed_number_of_queries(school, count, django_assert_num_queries):
    owner = school["direction"]
    teacher_record = school["quatreb"].staff_records.get()
    TeachingService.objects.filter(teacher=teacher_record).update(active=True)
    from tests.factories import UserFactory

    for index in range(count):
        person = UserFactory(username=f"parent.carnet{index}")
        _person(owner, person)
        Contact.objects.create(owner=owner, kind="liste", label=f"Liste {index}").members.set(
            [person, school["quatreb"]]
        )
        Contact.objects.create(
            owner=owner, kind="groupe", group_key=f"x:{index}", label=f"Groupe {index}"
        )
    client = client_for(owner)
    client.get(CARNET)
    # (session,) user, role (3), rules, classes (groups of the direction), entries, members,
    # who is reachable, unread count.
    with django_assert_num_queries(session_queries() + 10):
        response = client.get(CARNET)
    assert len(response.context["lists"]) == count
    assert services.MAX_CONTACTS >= 100


def test_the_daily_sweep_erases_entries_naming_an_account_gone_for_a_year(school):
    import datetime

    from django.utils import timezone

    from core.retention import sweep_daily

    parent = school["parent_un"]
    kept = _person(parent, school["quatreb"])
    gone = _person(parent, school["viesco"])
    listed = Contact.objects.create(owner=parent, kind="liste", label="L")
    listed.members.set([school["viesco"], school["quatreb"]])
    viesco = school["viesco"]
    viesco.state = "closed"
    viesco.state_changed_at = timezone.now() - datetime.timedelta(days=366)
    viesco.save()
    report = sweep_daily()
    assert report["carnet_comptes_fermes"] == 2
    assert set(Contact.objects.values_list("pk", flat=True)) == {kept.pk, listed.pk}
    assert list(listed.members.all()) == [school["quatreb"]]
    assert gone.pk not in Contact.objects.values_list("pk", flat=True)
