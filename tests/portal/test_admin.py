"""Charter admin: versions are published, never rewritten; acceptances are a read-only register
restricted to the viewer's establishment."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import User
from portal.models import Charter, CharterAcceptance
from tests.factories import EstablishmentFactory, PupilFactory, UserFactory


@pytest.fixture
def superuser_client(client, db):
    root = User.objects.create_superuser(
        username="root",
        email="root@example.org",
        password="Cartable-Root-2026!",
        profile=User.Profile.AUTRE,
        state=User.State.ACTIVE,
    )
    client.force_login(root)
    return client


@pytest.fixture
def charter(db):
    charter, _ = Charter.objects.get_or_create(
        version=1, defaults={"body": "Je respecte les autres."}
    )
    return charter


@pytest.fixture
def acceptances(establishment, charter):
    ours = UserFactory(username="d.ours", profile=User.Profile.ELEVE)
    PupilFactory(establishment=establishment, account=ours)
    other_school = EstablishmentFactory(uai="0170001Y", name="Collège Jean Moulin")
    theirs = UserFactory(username="h.theirs", profile=User.Profile.ELEVE)
    PupilFactory(establishment=other_school, account=theirs)
    return (
        CharterAcceptance.objects.create(user=ours, charter=charter),
        CharterAcceptance.objects.create(user=theirs, charter=charter),
    )


@pytest.fixture
def secretary_client(client, secretary):
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.set(
        Permission.objects.filter(codename__in=["view_charteracceptance", "view_charter"])
    )
    secretary.groups.add(group)
    client.force_login(secretary)
    return client


def test_acceptances_are_scoped_and_read_only(secretary_client, acceptances):
    ours, theirs = acceptances
    response = secretary_client.get(reverse("admin:portal_charteracceptance_changelist"))

    assert list(response.context["cl"].result_list) == [ours]
    assert "h.theirs" not in response.content.decode()
    assert secretary_client.get(reverse("admin:portal_charteracceptance_add")).status_code == 403
    other = reverse("admin:portal_charteracceptance_change", args=[theirs.pk])
    assert "existe pas" in secretary_client.get(other, follow=True).content.decode()
    delete = reverse("admin:portal_charteracceptance_delete", args=[ours.pk])
    assert secretary_client.post(delete, {"post": "yes"}).status_code == 403
    assert CharterAcceptance.objects.count() == 2


def test_superuser_publishes_a_version_but_cannot_rewrite_one(superuser_client, charter):
    page = superuser_client.get(
        reverse("admin:portal_charter_change", args=[charter.pk])
    ).content.decode()
    assert 'name="body"' not in page  # what users accepted stays as it was

    response = superuser_client.post(
        reverse("admin:portal_charter_add"),
        {
            "version": 7,
            "title": "Charte d'utilisation de l'ENT",
            "published_at_0": "01/09/2026",
            "published_at_1": "08:00:00",
            "body": "Nouvelle règle.",
        },
    )
    assert response.status_code == 302
    assert Charter.objects.get(version=7).body == "Nouvelle règle."
