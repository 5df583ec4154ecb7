"""Roster admins (Élèves, Responsables, Personnels, Classes, Établissement) and the read-only
registers (Journal d'audit, identifiants attribués): scoped, read-mostly, audited."""
# The two-school fixtures are imported from test_admin: pytest then sees them as parameters.
# ruff: noqa: F811

import html

import pytest
from django.urls import reverse

from accounts.audit import AuditAction, audit_record
from accounts.models import AuditEvent, Pupil, ReservedIdentifier, StaffMember, User
from tests.factories import UserFactory

from .admin_helpers import grant_secretariat


def listed(response):
    return list(response.context["cl"].result_list)


# -- Élèves ------------------------------------------------------------------------------------------


def test_pupil_list_is_scoped_and_searchable(secretary_client, school_a, school_b):
    url = reverse("admin:accounts_pupil_changelist")

    response = secretary_client.get(url)
    names = {pupil.first_name for pupil in listed(response)}
    assert {"Dylan", "Florian", "Léa"} <= names
    assert "Hugo" not in names
    body = response.content.decode()
    assert "Mme MARTIN Sophie (Représentant légal)" in body
    assert "cartable-badge" in body and "d.martin" in body
    assert "3e Z" not in body  # the class filter lists only this school's classes

    assert [p.first_name for p in listed(secretary_client.get(url, {"q": "123456789AB"}))] == [
        "Dylan"
    ]
    assert [p.first_name for p in listed(secretary_client.get(url, {"q": "4e A"}))] == ["Léa"]
    assert listed(secretary_client.get(url, {"q": "987654321ZZ"})) == []
    assert [
        p.first_name for p in listed(secretary_client.get(url, {"classe": school_a.cinq_b.pk}))
    ] == ["Dylan"]
    assert [p.first_name for p in listed(secretary_client.get(url, {"compte": "provisional"}))] == [
        "Léa"
    ]
    no_account = {p.first_name for p in listed(secretary_client.get(url, {"compte": "aucun"}))}
    assert no_account == {"Florian"}


def test_other_schools_pupil_and_guardian_by_url_do_not_exist(secretary_client, school_a, school_b):
    for url in (
        reverse("admin:accounts_pupil_change", args=[school_b.hugo.pk]),
        reverse("admin:accounts_guardian_change", args=[school_b.paul.pk]),
        reverse("admin:accounts_division_change", args=[school_b.division.pk]),
        reverse("admin:accounts_establishment_change", args=[school_b.establishment.pk]),
    ):
        body = secretary_client.get(url, follow=True).content.decode()
        assert "existe pas" in body, url
        assert "BERNARD" not in body and "Jean Moulin" not in body


def test_pupil_roster_fields_are_read_only_for_the_secretariat(
    secretary_client, school_a, school_b
):
    pupil = school_a.lea
    url = reverse("admin:accounts_pupil_change", args=[pupil.pk])
    body = secretary_client.get(url).content.decode()
    assert 'name="last_name"' not in body and 'name="ine"' not in body
    assert 'name="account"' in body  # linking the account is the one thing the school does here

    inline = {
        "guardian_links-TOTAL_FORMS": "0",
        "guardian_links-INITIAL_FORMS": "0",
        "guardian_links-MIN_NUM_FORMS": "0",
        "guardian_links-MAX_NUM_FORMS": "1000",
    }
    # Another school's account is not a valid choice.
    response = secretary_client.post(
        url, {"account": school_b.hugo_account.pk, "last_name": "PIRATE", **inline}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.account_id == school_a.lea_account.pk and pupil.last_name == "DURAND"

    # Unlinking works, roster fields stay the roster's, and it is audited.
    response = secretary_client.post(url, {"account": "", "last_name": "PIRATE", **inline})
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.account_id is None and pupil.last_name == "DURAND"
    event = AuditEvent.objects.get(action="admin.pupil.change")
    assert event.details["fields"] == ["account"]
    assert event.establishment_id == school_a.establishment.pk

    assert secretary_client.get(reverse("admin:accounts_pupil_add")).status_code == 403
    assert (
        secretary_client.post(
            reverse("admin:accounts_pupil_delete", args=[pupil.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Pupil.objects.filter(pk=pupil.pk).exists()


def test_superuser_edits_roster_fields(superuser_client, school_a):
    pupil = school_a.lea
    url = reverse("admin:accounts_pupil_change", args=[pupil.pk])
    body = superuser_client.get(url).content.decode()
    assert 'name="last_name"' in body and 'name="guardian_links-TOTAL_FORMS"' in body


# -- Responsables --------------------------------------------------------------------------------------


def test_guardian_list_shows_children_with_class(secretary_client, school_a, school_b):
    url = reverse("admin:accounts_guardian_changelist")
    response = secretary_client.get(url)

    assert [g.first_name for g in listed(response)] == ["Sophie"]
    body = response.content.decode()
    assert "Dylan MARTIN (5e B)" in body
    assert "s.martin" in body
    assert [
        g.first_name for g in listed(secretary_client.get(url, {"classe": school_a.quatre_a.pk}))
    ] == []
    assert [
        g.first_name for g in listed(secretary_client.get(url, {"classe": school_a.cinq_b.pk}))
    ] == ["Sophie"]

    page = secretary_client.get(
        reverse("admin:accounts_guardian_change", args=[school_a.guardian.pk])
    )
    content = page.content.decode()
    assert "Enfants" in content and "MARTIN Dylan" in content
    assert 'name="phone_mobile"' not in content  # contact details come from SIECLE


# -- Personnels, classes, établissement ---------------------------------------------------------------


def test_staff_add_offers_only_own_establishment_and_classes(secretary_client, school_a, school_b):
    url = reverse("admin:accounts_staffmember_add")
    response = secretary_client.get(url)
    form = response.context["adminform"].form

    assert list(form.fields["establishment"].queryset) == [school_a.establishment]
    assert school_b.division not in form.fields["divisions"].queryset
    assert school_a.cinq_b in form.fields["divisions"].queryset
    assert school_b.hugo_account not in form.fields["account"].queryset

    response = secretary_client.post(
        url,
        {
            "establishment": school_b.establishment.pk,
            "sts_id": "7777",
            "last_name": "INTRUS",
            "first_name": "Ivan",
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 200
    assert not StaffMember.objects.filter(sts_id="7777").exists()

    response = secretary_client.post(
        url,
        {
            "establishment": school_a.establishment.pk,
            "sts_id": "7777",
            "last_name": "NOUVEAU",
            "first_name": "Nina",
            "divisions": [school_a.cinq_b.pk],
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 302
    staff = StaffMember.objects.get(sts_id="7777")
    assert staff.establishment == school_a.establishment
    assert AuditEvent.objects.filter(
        action="admin.staffmember.add", target_id=str(staff.pk)
    ).exists()


def test_divisions_and_establishment(secretary_client, school_a, school_b):
    response = secretary_client.get(reverse("admin:accounts_division_changelist"))
    assert {d.code for d in listed(response)} >= {"5e B", "4e A"}
    assert "3e Z" not in {d.code for d in listed(response)}
    # Classes come from SIECLE: view only.
    page = secretary_client.get(
        reverse("admin:accounts_division_change", args=[school_a.cinq_b.pk])
    )
    assert page.status_code == 200 and 'name="code"' not in page.content.decode()

    response = secretary_client.get(reverse("admin:accounts_establishment_changelist"))
    assert listed(response) == [school_a.establishment]
    page = secretary_client.get(
        reverse("admin:accounts_establishment_change", args=[school_a.establishment.pk])
    )
    content = page.content.decode()
    assert 'name="uai"' not in content and 'name="vie_scolaire_email"' in content
    assert secretary_client.get(reverse("admin:accounts_establishment_add")).status_code == 403


# -- Journal d'audit, identifiants ---------------------------------------------------------------------


def test_audit_log_is_read_only_scoped_and_filterable(
    secretary_client, secretary, school_a, school_b
):
    audit_record(
        action=AuditAction.LETTERS_PDF_DOWNLOADED,
        actor=secretary,
        establishment=school_a.establishment,
    )
    audit_record(
        action=AuditAction.EMAIL_CONFIRMED, target=school_a.parent
    )  # no establishment, about our account
    audit_record(
        action=AuditAction.LETTERS_PDF_DOWNLOADED,
        establishment=school_b.establishment,
        details={"ecole": "B"},
    )
    audit_record(action=AuditAction.EMAIL_CONFIRMED, target=school_b.hugo_account)
    url = reverse("admin:accounts_auditevent_changelist")

    response = secretary_client.get(url)
    assert response.status_code == 200
    assert "<h1>Journal d'audit</h1>" in html.unescape(response.content.decode())
    events = listed(response)
    assert {(e.action, e.target_label) for e in events} == {
        ("letters.pdf_downloaded", ""),
        ("email_confirmation.confirmed", "s.martin"),
    }

    response = secretary_client.get(url, {"action": "letters.pdf_downloaded"})
    assert [e.action for e in listed(response)] == ["letters.pdf_downloaded"]
    assert (
        secretary_client.get(url, {"created_at__gte": "2000-01-01 00:00:00+00:00"}).status_code
        == 200
    )

    event = events[0]
    assert secretary_client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    change = reverse("admin:accounts_auditevent_change", args=[event.pk])
    assert secretary_client.get(change).status_code == 200
    assert secretary_client.post(change, {"action": "forged"}).status_code == 403
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert secretary_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


def test_reserved_identifiers_read_only_and_scoped(secretary_client, school_a, school_b):
    ReservedIdentifier.objects.create(value="s.martin", base="s.martin")
    ReservedIdentifier.objects.create(value="h.bernard", base="h.bernard")
    url = reverse("admin:accounts_reservedidentifier_changelist")

    response = secretary_client.get(url)
    assert [r.value for r in listed(response)] == ["s.martin"]
    assert secretary_client.get(reverse("admin:accounts_reservedidentifier_add")).status_code == 403


def test_admin_index_in_french_for_the_secretariat(secretary_client, school_a):
    body = html.unescape(secretary_client.get(reverse("admin:index")).content.decode())

    for label in ("Comptes", "Élèves", "Responsables", "Personnels", "Classes", "Journal d'audit"):
        assert label in body, label
    assert "Secrétariat" in body


def test_plain_user_cannot_reach_the_admin(client, school_a):
    client.force_login(school_a.parent)
    response = client.get(reverse("admin:accounts_user_changelist"))
    # Sent away (to the admin login, or first to the portal's own pending steps), never served.
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("admin:accounts_user_changelist"))


def test_staff_without_permissions_sees_no_module(client, school_a):
    bare = UserFactory(
        username="n.perm",
        profile=User.Profile.PERSONNEL,
        establishment=school_a.establishment,
        is_staff=True,
    )
    client.force_login(bare)
    assert client.get(reverse("admin:accounts_pupil_changelist")).status_code == 403
    assert grant_secretariat(bare) is bare
    assert client.get(reverse("admin:accounts_pupil_changelist")).status_code == 200


pytestmark = pytest.mark.django_db
