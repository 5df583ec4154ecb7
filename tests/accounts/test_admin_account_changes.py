"""The secretariat's "Comptes" admin: no escalation, audit, closing, deletion, a fixed number of
queries per page, and the letter reissue action."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, User
from tests.accounts.admin_helpers import ACCOUNTS_URL, change_url, grant_secretariat, secretary_post
from tests.factories import (
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)


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
    for name in (
        "is_superuser",
        "is_staff",
        "groups",
        "user_permissions",
        "establishment",
        "username",
        "profile",
    ):
        assert f'name="{name}"' not in body, name


def test_secretary_cannot_escalate_or_move_an_account(secretary_client, school_a, school_b):
    account = school_a.parent
    data = secretary_post(
        account,
        is_superuser="on",
        is_staff="on",
        establishment=school_b.establishment.pk,
        username="root2",
        profile=User.Profile.ENSEIGNANT,
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


def test_secretary_cannot_change_a_staff_account_nor_set_passwords(
    secretary_client, school_a, secretary
):
    colleague = UserFactory(
        username="c.collegue",
        profile=User.Profile.PERSONNEL,
        establishment=school_a.establishment,
        is_staff=True,
    )
    response = secretary_client.post(
        change_url(colleague), secretary_post(colleague, email="pirate@example.org")
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.email != "pirate@example.org"

    response = secretary_client.get(
        reverse("admin:auth_user_password_change", args=[school_a.parent.pk])
    )
    assert response.status_code == 403
    assert secretary_client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_change_is_audited_and_closing_ends_sessions(secretary_client, school_a, secretary):
    account = school_a.parent
    stamp = account.session_stamp

    response = secretary_client.post(
        change_url(account), secretary_post(account, state=User.State.CLOSED)
    )

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
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": "",
        "profile": User.Profile.PERSONNEL,
        "state": account.state,
        "is_active": "on",
        "is_staff": "on",
        "establishment": school_a.establishment.pk,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/09/2026",
        "date_joined_1": "08:00:00",
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
        guardian = GuardianFactory(
            establishment=establishment, account=UserFactory(profile=User.Profile.PARENT)
        )
        GuardianLinkFactory(pupil=pupil, guardian=guardian)
    StaffMemberFactory(
        establishment=establishment, account=UserFactory(profile=User.Profile.ENSEIGNANT)
    )


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
def test_changelists_cost_a_fixed_number_of_queries(
    secretary_client, establishment, django_assert_num_queries, url
):
    make_families(establishment, 5)
    few, response = queries_for(secretary_client, url)
    assert response.context["cl"].result_count >= 5

    make_families(establishment, 25)
    with django_assert_num_queries(few):
        response = secretary_client.get(url)
    assert response.context["cl"].result_count >= 30


def test_email_addresses_admin_is_scoped_too(client, school_a, school_b, secretary):
    from allauth.account.models import EmailAddress

    ours = EmailAddress.objects.create(
        user=school_a.parent, email="sophie@example.org", verified=True
    )
    theirs = EmailAddress.objects.create(
        user=school_b.paul_account, email="paul@example.org", verified=True
    )
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

    settings.CELERY_TASK_ALWAYS_EAGER = (
        True  # the batch task runs here, even with a broker configured
    )
    client = secretary_client
    secretary.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="activation",
            codename__in=["add_letterbatch", "view_letterbatch"],
        )
    )
    parent = UserFactory(
        username="r.parent", profile=User.Profile.PARENT, state=User.State.PROVISIONAL
    )
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
