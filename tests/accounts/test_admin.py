"""The secretariat's "Comptes" admin: search, filters, scoping to the establishment, no escalation,
audit, and a fixed number of queries per page."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, User
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)

# What the "Secrétariat" group holds (load_demo creates the same group): ordinary model permissions.
SECRETARIAT_PERMISSIONS = (
    "view_user", "change_user", "delete_user",
    "view_pupil", "change_pupil", "view_guardian", "change_guardian", "view_guardianlink",
    "view_staffmember", "add_staffmember", "change_staffmember",
    "view_division", "view_establishment", "change_establishment",
    "view_auditevent", "view_reservedidentifier", "view_charteracceptance",
)


def grant_secretariat(user):
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.set(Permission.objects.filter(codename__in=SECRETARIAT_PERMISSIONS))
    user.groups.add(group)
    return user


@pytest.fixture
def school_a(establishment, parent_with_children):
    """Collège Marcel Pagnol: a family (parent + Dylan in 5 B with an account), Léa in 4 A."""
    parent = parent_with_children
    parent.state = User.State.AWAITING_EMAIL
    parent.save(update_fields=["state"])
    guardian = parent.guardian_records.get()
    dylan = guardian.pupils.get(first_name="Dylan")
    cinq_b = DivisionFactory(establishment=establishment, code="5e B", level="5")
    dylan.division = cinq_b
    dylan.ine = "123456789AB"
    dylan.account = UserFactory(
        username="d.martin", first_name="Dylan", last_name="Martin", profile=User.Profile.ELEVE
    )
    dylan.save()
    quatre_a = DivisionFactory(establishment=establishment, code="4e A", level="4")
    lea_account = UserFactory(
        username="l.durand", first_name="Léa", last_name="Durand", profile=User.Profile.ELEVE,
        state=User.State.PROVISIONAL,
    )
    lea = PupilFactory(
        establishment=establishment, division=quatre_a, last_name="DURAND", first_name="Léa",
        ine="111111111AA", account=lea_account,
    )
    return SimpleNamespace(
        establishment=establishment, parent=parent, guardian=guardian, dylan=dylan,
        cinq_b=cinq_b, quatre_a=quatre_a, lea=lea, lea_account=lea_account,
    )


@pytest.fixture
def school_b(db):
    """Collège Jean Moulin: another school, whose people school A's secretary must never see."""
    other = EstablishmentFactory(uai="0170001Y", name="Collège Jean Moulin")
    division = DivisionFactory(establishment=other, code="3e Z", level="3")
    hugo_account = UserFactory(
        username="h.bernard", first_name="Hugo", last_name="Bernard", profile=User.Profile.ELEVE
    )
    hugo = PupilFactory(
        establishment=other, division=division, last_name="BERNARD", first_name="Hugo",
        ine="987654321ZZ", account=hugo_account,
    )
    paul_account = UserFactory(
        username="p.bernard", first_name="Paul", last_name="Bernard", profile=User.Profile.PARENT
    )
    paul = GuardianFactory(establishment=other, last_name="BERNARD", first_name="Paul", account=paul_account)
    GuardianLinkFactory(pupil=hugo, guardian=paul)
    secretary_b = grant_secretariat(UserFactory(
        username="b.secretariat", profile=User.Profile.PERSONNEL, establishment=other, is_staff=True
    ))
    return SimpleNamespace(
        establishment=other, division=division, hugo=hugo, hugo_account=hugo_account,
        paul=paul, paul_account=paul_account, secretary=secretary_b,
    )


@pytest.fixture
def secretary_client(client, secretary):
    grant_secretariat(secretary)
    client.force_login(secretary)
    return client


@pytest.fixture
def superuser_client(client, db):
    admin_user = User.objects.create_superuser(
        username="root", email="root@example.org", password="Cartable-Root-2026!", profile=User.Profile.AUTRE,
        state=User.State.ACTIVE,
    )
    client.force_login(admin_user)
    return client


ACCOUNTS_URL = reverse("admin:accounts_user_changelist")


def change_url(account):
    return reverse("admin:accounts_user_change", args=[account.pk])


def listed_usernames(response):
    return {account.username for account in response.context["cl"].result_list}


# -- the list, search and filters -------------------------------------------------------------------


def test_secretary_lists_the_accounts_of_her_school_only(secretary_client, school_a, school_b):
    response = secretary_client.get(ACCOUNTS_URL)

    assert response.status_code == 200
    assert {"s.martin", "d.martin", "l.durand"} <= listed_usernames(response)
    assert not {"h.bernard", "p.bernard", "b.secretariat"} & listed_usernames(response)
    body = response.content.decode()
    assert "Comptes" in body
    assert "BERNARD" not in body and "Bernard" not in body
    # The establishment the page is restricted to is said at the top.
    assert "Collège Marcel Pagnol" in body


def test_account_row_shows_state_badge_and_roster_identity(secretary_client, school_a):
    body = secretary_client.get(ACCOUNTS_URL).content.decode()

    assert "cartable-badge--warning" in body  # the parent awaits e-mail confirmation
    assert "Courriel à valider" in body
    assert "cartable-badge--info" in body and "Provisoire" in body
    assert "Élève · 5e B · INE 123456789AB" in body
    assert "Responsable de : Dylan MARTIN (5e B), Florian MARTIN (" in body


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Durand", {"l.durand"}),  # name
        ("l.durand", {"l.durand"}),  # identifier
        ("111111111AA", {"l.durand"}),  # INE of the pupil
        ("123456789ab", {"d.martin", "s.martin"}),  # INE: the pupil and the guardian of that pupil
        ("5e B", {"d.martin", "s.martin"}),  # class, as printed
        ("5EB", {"d.martin", "s.martin"}),  # class, typed quickly
    ],
)
def test_search_by_name_identifier_ine_and_class(secretary_client, school_a, school_b, term, expected):
    response = secretary_client.get(ACCOUNTS_URL, {"q": term})

    assert response.status_code == 200
    assert listed_usernames(response) == expected


def test_search_never_reaches_another_school(secretary_client, school_a, school_b):
    for term in ("Bernard", "h.bernard", "987654321ZZ", "3e Z"):
        response = secretary_client.get(ACCOUNTS_URL, {"q": term})
        assert listed_usernames(response) == set(), term


def test_class_filter_lists_only_own_classes_and_finds_pupils_and_guardians(
    secretary_client, school_a, school_b
):
    response = secretary_client.get(ACCOUNTS_URL)
    body = response.content.decode()
    assert f"?classe={school_a.cinq_b.pk}" in body
    assert f"?classe={school_b.division.pk}" not in body
    assert "3e Z" not in body

    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_a.cinq_b.pk})
    assert listed_usernames(response) == {"d.martin", "s.martin"}

    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_a.quatre_a.pk})
    assert listed_usernames(response) == {"l.durand"}

    # Another school's class by hand-written URL: nothing, not its pupils.
    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_b.division.pk})
    assert listed_usernames(response) == set()


def test_state_and_profile_filters(secretary_client, school_a):
    response = secretary_client.get(ACCOUNTS_URL, {"state__exact": User.State.PROVISIONAL})
    assert listed_usernames(response) == {"l.durand"}

    response = secretary_client.get(ACCOUNTS_URL, {"profile__exact": User.Profile.PARENT})
    assert listed_usernames(response) == {"s.martin"}

    body = secretary_client.get(ACCOUNTS_URL).content.decode()
    assert "Par état" in body and "Par profil" in body and "Par classe" in body


# -- scoping by URL ---------------------------------------------------------------------------------


def test_another_schools_account_by_url_does_not_exist(secretary_client, school_a, school_b):
    for url in (
        change_url(school_b.hugo_account),
        reverse("admin:accounts_user_history", args=[school_b.hugo_account.pk]),
        reverse("admin:accounts_user_delete", args=[school_b.hugo_account.pk]),
    ):
        response = secretary_client.get(url, follow=True)
        body = response.content.decode()
        assert "existe pas" in body, url
        assert "h.bernard" not in body and "Hugo" not in body


def test_superuser_sees_every_school(superuser_client, school_a, school_b):
    response = superuser_client.get(ACCOUNTS_URL)

    assert {"s.martin", "d.martin", "h.bernard", "p.bernard"} <= listed_usernames(response)
    assert superuser_client.get(change_url(school_b.hugo_account)).status_code == 200
    response = superuser_client.get(ACCOUNTS_URL, {"etablissement": school_b.establishment.pk})
    assert listed_usernames(response) == {"h.bernard", "p.bernard", "b.secretariat"}


def test_staff_without_establishment_sees_nothing(client, school_a, school_b):
    lost = grant_secretariat(UserFactory(username="x.staff", profile=User.Profile.PERSONNEL, is_staff=True))
    client.force_login(lost)

    response = client.get(ACCOUNTS_URL)
    assert response.status_code == 200
    assert listed_usernames(response) == set()
    assert "existe pas" in client.get(change_url(school_a.parent), follow=True).content.decode()


def test_other_secretary_is_scoped_too(client, school_a, school_b):
    client.force_login(school_b.secretary)

    response = client.get(ACCOUNTS_URL)
    assert listed_usernames(response) == {"h.bernard", "p.bernard", "b.secretariat"}


# -- changing an account: what a secretary may and may not do ------------------------------------


def secretary_post(account, **overrides):
    data = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "state": account.state,
        "is_active": "on",
        "_save": "Enregistrer",
    }
    data.update(overrides)
    return data


def test_change_page_shows_roster_identity_and_no_password_hash(secretary_client, school_a):
    response = secretary_client.get(change_url(school_a.parent))
    body = response.content.decode()

    assert response.status_code == 200
    assert "Fiches de la base élèves" in body
    assert "Responsable (<a " in body and "Mme MARTIN Sophie</a>) de : Dylan MARTIN (5e B)" in body
    assert reverse("admin:accounts_guardian_change", args=[school_a.guardian.pk]) in body
    assert school_a.parent.password not in body
    assert "md5$" not in body and "argon2" not in body
    # Escalation fields are shown read-only, never as inputs.
    for name in ("is_superuser", "is_staff", "groups", "user_permissions", "establishment", "username", "profile"):
        assert f'name="{name}"' not in body, name


def test_secretary_cannot_escalate_or_move_an_account(secretary_client, school_a, school_b):
    account = school_a.parent
    data = secretary_post(
        account, is_superuser="on", is_staff="on", establishment=school_b.establishment.pk,
        username="root2", profile=User.Profile.ENSEIGNANT,
        groups=[Group.objects.get(name="Secrétariat").pk],
        user_permissions=list(Permission.objects.values_list("pk", flat=True)[:3]),
        first_name="Sophie-Anne",
    )
    response = secretary_client.post(change_url(account), data)

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.first_name == "Sophie-Anne"  # an allowed field did change
    assert not account.is_superuser and not account.is_staff
    assert account.establishment_id is None
    assert account.username == "s.martin" and account.profile == User.Profile.PARENT
    assert not account.groups.exists() and not account.user_permissions.exists()


def test_secretary_cannot_change_a_staff_account_nor_set_passwords(secretary_client, school_a, secretary):
    colleague = UserFactory(
        username="c.collegue", profile=User.Profile.PERSONNEL, establishment=school_a.establishment, is_staff=True
    )
    response = secretary_client.post(change_url(colleague), secretary_post(colleague, email="pirate@example.org"))
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.email != "pirate@example.org"

    response = secretary_client.get(reverse("admin:auth_user_password_change", args=[school_a.parent.pk]))
    assert response.status_code == 403
    assert secretary_client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_change_is_audited_and_closing_ends_sessions(secretary_client, school_a, secretary):
    account = school_a.parent
    stamp = account.session_stamp

    response = secretary_client.post(change_url(account), secretary_post(account, state=User.State.CLOSED))

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.state == User.State.CLOSED
    assert account.session_stamp != stamp
    event = AuditEvent.objects.get(action="admin.account.change")
    assert event.actor == secretary
    assert event.target_id == str(account.pk)
    assert event.establishment_id == school_a.establishment.pk  # from the guardian record
    assert event.details["fields"] == ["state"]
    assert event.details["state"] == [User.State.AWAITING_EMAIL, User.State.CLOSED]
    assert event.ip_address == "127.0.0.1"


def test_delete_is_audited(secretary_client, school_a):
    account = school_a.lea_account
    url = reverse("admin:accounts_user_delete", args=[account.pk])

    response = secretary_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=account.pk).exists()
    event = AuditEvent.objects.get(action="admin.account.delete")
    assert event.target_label == "l.durand"
    assert event.establishment_id == school_a.establishment.pk


def test_bulk_delete_is_not_offered_to_secretaries(secretary_client, school_a):
    body = secretary_client.get(ACCOUNTS_URL).content.decode()
    assert "delete_selected" not in body


def test_superuser_can_grant_staff_and_is_audited(superuser_client, school_a):
    account = school_a.lea_account
    data = {
        "username": account.username, "first_name": account.first_name, "last_name": account.last_name,
        "email": "", "profile": User.Profile.PERSONNEL, "state": account.state, "is_active": "on",
        "is_staff": "on", "establishment": school_a.establishment.pk,
        "last_login_0": "", "last_login_1": "", "date_joined_0": "01/09/2026", "date_joined_1": "08:00:00",
        "_save": "Enregistrer",
    }
    response = superuser_client.post(change_url(account), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    account.refresh_from_db()
    assert account.is_staff and account.establishment_id == school_a.establishment.pk
    event = AuditEvent.objects.get(action="admin.account.change")
    assert {"is_staff", "establishment", "profile"} <= set(event.details["fields"])


# -- fixed number of queries --------------------------------------------------------------------------


def make_families(establishment, count):
    division = DivisionFactory(establishment=establishment)
    for _ in range(count):
        pupil_account = UserFactory(profile=User.Profile.ELEVE)
        pupil = PupilFactory(establishment=establishment, division=division, account=pupil_account)
        guardian = GuardianFactory(establishment=establishment, account=UserFactory(profile=User.Profile.PARENT))
        GuardianLinkFactory(pupil=pupil, guardian=guardian)
    StaffMemberFactory(establishment=establishment, account=UserFactory(profile=User.Profile.ENSEIGNANT))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    "url",
    [
        ACCOUNTS_URL,
        reverse("admin:accounts_pupil_changelist"),
        reverse("admin:accounts_guardian_changelist"),
    ],
)
def test_changelists_cost_a_fixed_number_of_queries(secretary_client, establishment, django_assert_num_queries, url):
    make_families(establishment, 5)
    few, response = queries_for(secretary_client, url)
    assert response.context["cl"].result_count >= 5

    make_families(establishment, 25)
    with django_assert_num_queries(few):
        response = secretary_client.get(url)
    assert response.context["cl"].result_count >= 30


def test_email_addresses_admin_is_scoped_too(client, school_a, school_b, secretary):
    from allauth.account.models import EmailAddress

    ours = EmailAddress.objects.create(user=school_a.parent, email="sophie@example.org", verified=True)
    theirs = EmailAddress.objects.create(user=school_b.paul_account, email="paul@example.org", verified=True)
    grant_secretariat(secretary)
    secretary.groups.get().permissions.add(Permission.objects.get(codename="view_emailaddress"))
    client.force_login(secretary)

    response = client.get(reverse("admin:account_emailaddress_changelist"))
    assert list(response.context["cl"].result_list) == [ours]
    other = reverse("admin:account_emailaddress_change", args=[theirs.pk])
    assert "existe pas" in client.get(other, follow=True).content.decode()


def test_secretary_reissues_a_letter_from_the_accounts_list(
    secretary_client, secretary, establishment, django_capture_on_commit_callbacks, settings
):
    from activation.models import Letter

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the batch task runs here, even with a broker configured
    client = secretary_client
    secretary.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="activation", codename__in=["add_letterbatch", "view_letterbatch"]
        )
    )
    parent = UserFactory(username="r.parent", profile=User.Profile.PARENT, state=User.State.PROVISIONAL)
    guardian = GuardianFactory(establishment=establishment, account=parent)
    GuardianLinkFactory(pupil=PupilFactory(establishment=establishment), guardian=guardian)

    changelist = client.get("/admin/accounts/user/")
    assert "Réinitialiser le compte (nouveau courrier)" in changelist.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the batch runs after commit
        response = client.post(
            "/admin/accounts/user/", {"action": "reset_accounts", "_selected_action": [parent.pk]}
        )
    assert response.status_code == 302
    assert Letter.objects.filter(account=parent).exists()
