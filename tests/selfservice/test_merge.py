"""Regrouper des comptes: with a letter, with an activated account, refusals, joint account."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Guardian, GuardianLink, User
from activation.backends import LetterBackend
from portal.selectors import guardian_children
from selfservice.models import AccountMerge
from selfservice.services.merge import (
    MergeAlreadyDone,
    MergeRefused,
    accounts_merge,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    LETTER_PASSWORD,
)
from tests.selfservice.merge_helpers import CHILDREN, CONFIRM, DONE, START, _start, text

# --- With a letter ---------------------------------------------------------------------------------


def test_merge_with_a_letter_moves_the_child_and_closes_the_provisional_account(
    sophie_client, family, django_capture_on_commit_callbacks
):
    client = sophie_client
    page = client.get(CHILDREN)
    assert "Enfants rattachés au compte" in text(page)
    assert "Florian" not in text(page)

    response = _start(
        client, "S.Martin2 ", LETTER_PASSWORD.lower()
    )  # typed loosely: still accepted
    assert response.status_code == 302 and response["Location"] == CONFIRM

    confirmation = text(client.get(CONFIRM))
    assert "REGROUPER DES COMPTES - CONFIRMATION" in confirmation
    assert "Élèves rattachés à votre compte : s.martin" in confirmation
    assert "Élèves rattachés au compte que vous souhaitez regrouper : s.martin2" in confirmation
    assert "Dylan MARTIN" in confirmation and "Florian MARTIN" in confirmation
    assert "vous confirmez la fermeture du compte s.martin2" in confirmation
    assert "compte joint" not in confirmation.lower()  # same person: no joint choice

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"valider": "1"})
    assert response.status_code == 302 and response["Location"] == DONE
    done = text(client.get(DONE))
    assert "Seul le compte avec lequel vous êtes connecté" in done

    other = User.objects.get(username="s.martin2")
    assert (
        other.state == User.State.CLOSED and not other.is_active and not other.has_usable_password()
    )
    family["letter"].refresh_from_db()
    assert family["letter"].revoked_at is not None
    assert (
        LetterBackend().authenticate(None, username="s.martin2", password=LETTER_PASSWORD) is None
    )
    assert Guardian.objects.get(pk=family["g2"].pk).account == family["sophie"]

    children = text(client.get(CHILDREN))
    assert "Dylan MARTIN" in children and "Florian MARTIN" in children
    assert (
        children.count("Responsable : Sophie MARTIN") == 1
        and "Responsable : SOPHIE Martin" in children
    )
    assert [p.first_name for p in guardian_children(user=family["sophie"])] == ["Dylan", "Florian"]

    merge = AccountMerge.objects.get()
    assert (merge.survivor, merge.absorbed, merge.joint) == (family["sophie"], other, False)
    assert merge.absorbed_previous_state == User.State.PROVISIONAL
    assert merge.guardian_ids == [family["g2"].pk] and merge.pupil_ids == [family["florian"].pk]
    event = AuditEvent.objects.get(action="account.merged")
    assert event.actor == family["sophie"] and event.target_id == str(other.pk)
    assert event.details["survivor"] == "s.martin" and event.details["absorbed"] == "s.martin2"
    assert event.details["letters_revoked"] == 1

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["sophie.pro@example.org", "sophie@example.org"]
    assert all(
        m.subject == "Message des services en ligne - Regroupement de comptes" for m in mail.outbox
    )


def test_the_closed_account_cannot_log_in_nor_be_merged_again(sophie_client, family):
    accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    login = Client().post(
        reverse("portal:login_educonnect"), {"login": "s.martin2", "password": LETTER_PASSWORD}
    )
    assert "Identifiant ou mot de passe incorrect" in text(login)
    response = _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(response)
    with pytest.raises(MergeAlreadyDone):
        accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    assert AccountMerge.objects.count() == 1


# --- With an activated account ----------------------------------------------------------------------


def test_merge_with_an_activated_account_uses_its_password(
    sophie_client, family, django_capture_on_commit_callbacks
):
    other = family["other"]
    other.state = User.State.ACTIVE
    other.email = "sophie.pro@example.org"
    other.set_password("Autre-Compte-2026!")
    other.save()
    EmailAddress.objects.create(
        user=other, email="sophie.pro@example.org", verified=True, primary=True
    )

    assert "Identifiant ou mot de passe incorrect." in text(
        _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    )
    assert _start(sophie_client, "s.martin2", "Autre-Compte-2026!")["Location"] == CONFIRM
    with django_capture_on_commit_callbacks(execute=True):
        assert sophie_client.post(CONFIRM, {"valider": "1"})["Location"] == DONE
    other.refresh_from_db()
    assert other.state == User.State.CLOSED and not other.has_usable_password()
    # Its address is kept as history but no longer verified: it can be confirmed on s.martin.
    assert not EmailAddress.objects.get(user=other).verified
    assert AccountMerge.objects.get().absorbed_previous_state == User.State.ACTIVE
    assert {m.to[0] for m in mail.outbox} == {"sophie@example.org", "sophie.pro@example.org"}


# --- Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("login", "password"),
    [("s.martin2", "ZZZZZZZZ"), ("personne.inconnue", LETTER_PASSWORD), ("s.martin2", "")],
)
def test_wrong_credentials_give_one_neutral_error_and_change_nothing(
    sophie_client, family, login, password
):
    response = _start(sophie_client, login, password)
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(
        response
    ) or "Saisissez le mot de passe" in text(response)
    assert not AccountMerge.objects.exists()
    assert User.objects.get(username="s.martin2").state == User.State.PROVISIONAL


def test_wrong_passwords_count_as_failed_logins_of_that_identifier(sophie_client, family):
    for _ in range(5):
        assert "Identifiant ou mot de passe incorrect." in text(
            _start(sophie_client, "m.martin", "Mauvais-1!")
        )
    # The limit is reached: even the right password is refused now, here…
    assert "Trop de tentatives" in text(_start(sophie_client, "m.martin", DEFAULT_PASSWORD))
    # …and on the login page, which shares the same counter for this identifier.
    login = Client().post(
        reverse("portal:login_educonnect"), {"login": "m.martin", "password": DEFAULT_PASSWORD}
    )
    assert "Trop de tentatives" in text(login)


def test_a_pupil_account_is_never_merged(sophie_client, family):
    response = _start(sophie_client, "d.martin", DEFAULT_PASSWORD)
    assert "Seuls des comptes de responsables peuvent être regroupés." in text(response)
    assert not AccountMerge.objects.exists()


def test_a_pupil_cannot_reach_the_regroupement(client, family):
    client.force_login(family["pupil"])
    assert client.get(START).status_code == 404
    assert (
        client.post(START, {"login": "s.martin", "password": DEFAULT_PASSWORD}).status_code == 404
    )
    assert client.get(CHILDREN).status_code == 404


def test_another_persons_account_is_refused(sophie_client, family):
    response = _start(sophie_client, "p.durand", DEFAULT_PASSWORD)
    assert "n'est pas celui d'un même responsable" in text(response)
    assert not AccountMerge.objects.exists()
    assert Guardian.objects.get(pk=family["g4"].pk).account == family["paul"]


def test_own_account_is_refused(sophie_client, family):
    assert "C'est le compte avec lequel vous êtes connecté" in text(
        _start(sophie_client, "s.martin", DEFAULT_PASSWORD)
    )


def test_the_service_rechecks_names_even_without_the_form(family):
    with pytest.raises(MergeRefused):
        accounts_merge(survivor=family["sophie"], absorbed_id=family["paul"].pk, joint=True)
    with pytest.raises(MergeRefused):
        accounts_merge(survivor=family["sophie"], absorbed_id=family["pupil"].pk, joint=False)
    assert not AccountMerge.objects.exists()


def test_spellings_of_one_name_designate_the_same_person(sophie_client, family):
    """The merge reads names as identifiers do: "Lebœuf" on one record, "Leboeuf" on the other
    (and "D'Arc" / "DARC", "Jean-Marie" / "JEAN MARIE") are one responsable."""
    for (first_1, last_1), (first_2, last_2) in [
        (("Sophie", "LEBŒUF"), ("SOPHIE", "Leboeuf")),
        (("Sophie", "D'ARC"), ("Sophie", "Darc")),
        (("Anne-Sophie", "MARTIN"), ("ANNE SOPHIE", "Martin")),
    ]:
        Guardian.objects.filter(pk=family["g1"].pk).update(first_name=first_1, last_name=last_1)
        Guardian.objects.filter(pk=family["g2"].pk).update(first_name=first_2, last_name=last_2)
        response = _start(sophie_client, "s.martin2", LETTER_PASSWORD)
        assert response.status_code == 302 and response["Location"] == CONFIRM, (last_1, last_2)
    assert "n'est pas celui d'un même responsable" not in text(sophie_client.get(CONFIRM))


def test_usage_name_designates_the_same_person(sophie_client, family):
    g2 = family["g2"]
    g2.last_name, g2.usage_name = "DUPONT", "Martin"  # maiden name on one record, usage name on it
    g2.save()
    assert _start(sophie_client, "s.martin2", LETTER_PASSWORD)["Location"] == CONFIRM


def test_confirmation_without_step_one_sends_back_to_the_form(sophie_client, family):
    response = sophie_client.post(CONFIRM, {"valider": "1"})
    assert response["Location"] == START
    assert not AccountMerge.objects.exists()


def test_annuler_changes_nothing(sophie_client, family):
    _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    response = sophie_client.post(CONFIRM, {"annuler": "1"})
    assert response["Location"] == CHILDREN
    assert not AccountMerge.objects.exists()
    assert sophie_client.post(CONFIRM, {"valider": "1"})["Location"] == START


# --- Joint account ---------------------------------------------------------------------------------


def test_joint_account_is_an_explicit_choice(sophie_client, family):
    assert _start(sophie_client, "m.martin", DEFAULT_PASSWORD)["Location"] == CONFIRM
    page = text(sophie_client.get(CONFIRM))
    assert "Compte joint" in page and "responsable légal 1 et responsable légal 2" in page

    refused = sophie_client.post(CONFIRM, {"valider": "1"})
    assert refused.status_code == 200 and "cochez la case pour faire un compte joint" in text(
        refused
    )
    assert not AccountMerge.objects.exists()

    assert sophie_client.post(CONFIRM, {"valider": "1", "joint": "on"})["Location"] == DONE
    merge = AccountMerge.objects.get()
    assert merge.joint and merge.absorbed == family["marc"]
    assert "compte joint" in text(sophie_client.get(DONE))

    # The fiche de renseignements now edits both responsables.
    fiche = text(sophie_client.get(reverse("selfservice:fiche")))
    assert "Sophie MARTIN" in fiche and "Marc MARTIN" in fiche
    edit = reverse("selfservice:fiche_edit", args=[family["g3"].pk])
    response = sophie_client.post(
        edit,
        {"phone_mobile": "06 12 34 56 78", "email": "marc.new@example.org", "city": "POITIERS"},
    )
    assert response.status_code == 302
    g3 = Guardian.objects.get(pk=family["g3"].pk)
    assert str(g3.phone_mobile) == "+33612345678" and g3.email == "marc.new@example.org"
    event = AuditEvent.objects.get(action="guardian.contact_updated")
    assert event.actor == family["sophie"] and "phone_mobile" in event.details["fields"]


def test_joint_needs_a_common_child_as_legal_guardians(family):
    # Marc is only "personne en charge" of Dylan: no joint account.
    GuardianLink.objects.filter(guardian=family["g3"]).update(level=GuardianLink.Level.IN_CHARGE)
    with pytest.raises(MergeRefused):
        accounts_merge(survivor=family["sophie"], absorbed_id=family["marc"].pk, joint=True)
