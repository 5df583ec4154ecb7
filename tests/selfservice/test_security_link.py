"""Staff find where to enrol their passcode OTP from Mon compte; families never see it."""

from django.urls import reverse

SECURITY = reverse("staff_otp:security")
PROFILE = reverse("selfservice:account_profile")


def test_a_teacher_finds_the_passcode_page_from_mon_compte(client, teacher):
    teacher.accepted_charter_version = 99
    teacher.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher)

    page = client.get(PROFILE).content.decode()

    assert f'href="{SECURITY}"' in page
    assert "Activer ou gérer mon passecode OTP" in page
    assert client.get(SECURITY).status_code == 200


def test_a_parent_sees_no_passcode_link(client, parent_with_children):
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save(update_fields=["accepted_charter_version"])
    client.force_login(parent_with_children)

    page = client.get(PROFILE).content.decode()

    assert "PROFIL" in page and SECURITY not in page


def test_the_staff_help_page_says_where_to_enrol_the_passcode(client, db):
    page = client.get(reverse("portal:academic_help")).content.decode()

    assert "pas encore disponible" not in page
    assert "Sécurité (passecode OTP)" in page
