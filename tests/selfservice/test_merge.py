"""Regrouper des comptes: with a letter, with an activated account, joint account, refusals,
double submission and concurrency, audit, undo by the secretariat."""

import html
import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Guardian, GuardianLink, User
from activation.backends import LetterBackend
from activation.models import Letter
from portal.selectors import guardian_children
from selfservice.models import AccountMerge
from selfservice.services.merge import (
    MERGE_POLICY,
    MergeAlreadyDone,
    MergeRefused,
    account_merge_undo,
    accounts_merge,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    LETTER_PASSWORD,
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    LetterFactory,
    ProvisionalUserFactory,
    PupilFactory,
    UserFactory,
)

START = reverse("selfservice:merge_start")
CONFIRM = reverse("selfservice:merge_confirm")
DONE = reverse("selfservice:merge_done")
CHILDREN = reverse("selfservice:account_children")


def text(response) -> str:
    """The page's visible text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def accepted(user):
    user.accepted_charter_version = 99
    user.save(update_fields=["accepted_charter_version"])
    return user


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    # With REDIS_URL set Celery is not eager: mails through the outbox must still be sent here.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def family(establishment):
    """Sophie MARTIN known twice in SIECLE (two PERSONNE_ID, one per child, as in the seed's
    "cri" and "cri1"): her activated account s.martin (Dylan) and a letter for s.martin2 (Florian).
    Marc MARTIN is the other responsable légal of Dylan; Paul DURAND a stranger; d.martin a pupil."""
    c4 = DivisionFactory(establishment=establishment, code="4 C", level="4")
    c6 = DivisionFactory(establishment=establishment, code="6 A", level="6")
    dylan = PupilFactory(establishment=establishment, division=c4, first_name="Dylan", last_name="MARTIN")
    florian = PupilFactory(establishment=establishment, division=c6, first_name="Florian", last_name="MARTIN")
    lea = PupilFactory(establishment=establishment, division=c6, first_name="Léa", last_name="DURAND")

    sophie = accepted(UserFactory(username="s.martin", first_name="Sophie", last_name="Martin",
                                  email="sophie@example.org"))
    EmailAddress.objects.create(user=sophie, email="sophie@example.org", verified=True, primary=True)
    g1 = GuardianFactory(establishment=establishment, first_name="Sophie", last_name="MARTIN", account=sophie)
    GuardianLinkFactory(pupil=dylan, guardian=g1, rank=1)

    other = ProvisionalUserFactory(username="s.martin2", first_name="Sophie", last_name="Martin",
                                   profile=User.Profile.PARENT)
    g2 = GuardianFactory(establishment=establishment, first_name="SOPHIE", last_name="Martin",
                         email="sophie.pro@example.org", account=other)
    GuardianLinkFactory(pupil=florian, guardian=g2, rank=1)
    letter = LetterFactory(pupil=florian, account=other, kind=Letter.Kind.GUARDIAN, recipient=g2)

    marc = accepted(UserFactory(username="m.martin", first_name="Marc", last_name="Martin",
                                email="marc@example.org"))
    g3 = GuardianFactory(establishment=establishment, civility="M.", first_name="Marc", last_name="MARTIN",
                         account=marc)
    GuardianLinkFactory(pupil=dylan, guardian=g3, rank=2, parente=GuardianLink.Parente.PERE)

    paul = accepted(UserFactory(username="p.durand", first_name="Paul", last_name="Durand"))
    g4 = GuardianFactory(establishment=establishment, first_name="Paul", last_name="DURAND", account=paul)
    GuardianLinkFactory(pupil=lea, guardian=g4, rank=1)

    pupil_account = accepted(UserFactory(username="d.martin", first_name="Dylan", last_name="Martin",
                                         profile=User.Profile.ELEVE))
    dylan.account = pupil_account
    dylan.save(update_fields=["account"])
    return {"sophie": sophie, "other": other, "letter": letter, "marc": marc, "paul": paul,
            "pupil": pupil_account, "dylan": dylan, "florian": florian, "lea": lea,
            "g1": g1, "g2": g2, "g3": g3, "g4": g4}


@pytest.fixture
def sophie_client(client, family):
    client.force_login(family["sophie"])
    return client


def _start(client, login, password):
    return client.post(START, {"login": login, "password": password})


# --- With a letter ---------------------------------------------------------------------------------


def test_merge_with_a_letter_moves_the_child_and_closes_the_provisional_account(
    sophie_client, family, django_capture_on_commit_callbacks
):
    client = sophie_client
    page = client.get(CHILDREN)
    assert "Enfants rattachés au compte" in text(page)
    assert "Florian" not in text(page)

    response = _start(client, "S.Martin2 ", LETTER_PASSWORD.lower())  # typed loosely: still accepted
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
    assert other.state == User.State.CLOSED and not other.is_active and not other.has_usable_password()
    family["letter"].refresh_from_db()
    assert family["letter"].revoked_at is not None
    assert LetterBackend().authenticate(None, username="s.martin2", password=LETTER_PASSWORD) is None
    assert Guardian.objects.get(pk=family["g2"].pk).account == family["sophie"]

    children = text(client.get(CHILDREN))
    assert "Dylan MARTIN" in children and "Florian MARTIN" in children
    assert children.count("Responsable : Sophie MARTIN") == 1 and "Responsable : SOPHIE Martin" in children
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
    assert all(m.subject == "Message des services en ligne - Regroupement de comptes" for m in mail.outbox)


def test_the_closed_account_cannot_log_in_nor_be_merged_again(sophie_client, family):
    accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    login = Client().post(reverse("portal:login_educonnect"), {"login": "s.martin2", "password": LETTER_PASSWORD})
    assert "Identifiant ou mot de passe incorrect" in text(login)
    response = _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(response)
    with pytest.raises(MergeAlreadyDone):
        accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    assert AccountMerge.objects.count() == 1


# --- With an activated account ----------------------------------------------------------------------


def test_merge_with_an_activated_account_uses_its_password(sophie_client, family, django_capture_on_commit_callbacks):
    other = family["other"]
    other.state = User.State.ACTIVE
    other.email = "sophie.pro@example.org"
    other.set_password("Autre-Compte-2026!")
    other.save()
    EmailAddress.objects.create(user=other, email="sophie.pro@example.org", verified=True, primary=True)

    assert "Identifiant ou mot de passe incorrect." in text(_start(sophie_client, "s.martin2", LETTER_PASSWORD))
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
def test_wrong_credentials_give_one_neutral_error_and_change_nothing(sophie_client, family, login, password):
    response = _start(sophie_client, login, password)
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(response) or "Saisissez le mot de passe" in text(response)
    assert not AccountMerge.objects.exists()
    assert User.objects.get(username="s.martin2").state == User.State.PROVISIONAL


def test_wrong_passwords_count_as_failed_logins_of_that_identifier(sophie_client, family):
    for _ in range(5):
        assert "Identifiant ou mot de passe incorrect." in text(_start(sophie_client, "m.martin", "Mauvais-1!"))
    # The limit is reached: even the right password is refused now, here…
    assert "Trop de tentatives" in text(_start(sophie_client, "m.martin", DEFAULT_PASSWORD))
    # …and on the login page, which shares the same counter for this identifier.
    login = Client().post(reverse("portal:login_educonnect"), {"login": "m.martin", "password": DEFAULT_PASSWORD})
    assert "Trop de tentatives" in text(login)


def test_a_pupil_account_is_never_merged(sophie_client, family):
    response = _start(sophie_client, "d.martin", DEFAULT_PASSWORD)
    assert "Seuls des comptes de responsables peuvent être regroupés." in text(response)
    assert not AccountMerge.objects.exists()


def test_a_pupil_cannot_reach_the_regroupement(client, family):
    client.force_login(family["pupil"])
    assert client.get(START).status_code == 404
    assert client.post(START, {"login": "s.martin", "password": DEFAULT_PASSWORD}).status_code == 404
    assert client.get(CHILDREN).status_code == 404


def test_another_persons_account_is_refused(sophie_client, family):
    response = _start(sophie_client, "p.durand", DEFAULT_PASSWORD)
    assert "n'est pas celui d'un même responsable" in text(response)
    assert not AccountMerge.objects.exists()
    assert Guardian.objects.get(pk=family["g4"].pk).account == family["paul"]


def test_own_account_is_refused(sophie_client, family):
    assert "C'est le compte avec lequel vous êtes connecté" in text(_start(sophie_client, "s.martin", DEFAULT_PASSWORD))


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
    assert refused.status_code == 200 and "cochez la case pour faire un compte joint" in text(refused)
    assert not AccountMerge.objects.exists()

    assert sophie_client.post(CONFIRM, {"valider": "1", "joint": "on"})["Location"] == DONE
    merge = AccountMerge.objects.get()
    assert merge.joint and merge.absorbed == family["marc"]
    assert "compte joint" in text(sophie_client.get(DONE))

    # The fiche de renseignements now edits both responsables.
    fiche = text(sophie_client.get(reverse("selfservice:fiche")))
    assert "Sophie MARTIN" in fiche and "Marc MARTIN" in fiche
    edit = reverse("selfservice:fiche_edit", args=[family["g3"].pk])
    response = sophie_client.post(edit, {"phone_mobile": "06 12 34 56 78", "email": "marc.new@example.org",
                                         "city": "POITIERS"})
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


# --- Double submission and concurrency -----------------------------------------------------------


def test_double_click_merges_once(sophie_client, family):
    _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    first = sophie_client.post(CONFIRM, {"valider": "1"})
    second = sophie_client.post(CONFIRM, {"valider": "1"})
    assert first["Location"] == DONE and second["Location"] == DONE
    assert AccountMerge.objects.count() == 1
    assert AuditEvent.objects.filter(action="account.merged").count() == 1


def test_two_tabs_with_a_stale_confirmation_merge_once(family):
    tab1, tab2 = Client(), Client()
    for tab in (tab1, tab2):
        tab.force_login(family["sophie"])
        _start(tab, "s.martin2", LETTER_PASSWORD)
    assert tab1.post(CONFIRM, {"valider": "1"})["Location"] == DONE
    assert tab2.post(CONFIRM, {"valider": "1"})["Location"] == DONE
    assert AccountMerge.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_merges_of_the_same_account_merge_once(family):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises writers anyway.")
    barrier = threading.Barrier(2)
    outcomes = []

    def merge():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
            outcomes.append("merged")
        except MergeAlreadyDone:
            outcomes.append("already")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "merged"]
    assert AccountMerge.objects.count() == 1
    assert Guardian.objects.get(pk=family["g2"].pk).account_id == family["sophie"].pk


@pytest.mark.django_db(transaction=True)
def test_crossed_merges_do_not_deadlock_and_only_one_wins(family):
    """s.martin absorbs s.martin2 while s.martin2 (activated) absorbs s.martin: locks ordered by id."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    other = family["other"]
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    barrier = threading.Barrier(2)
    outcomes = []

    def merge(survivor, absorbed):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            accounts_merge(survivor=survivor, absorbed_id=absorbed.pk, joint=False)
            outcomes.append("merged")
        except MergeRefused:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=merge, args=(family["sophie"], other)),
               threading.Thread(target=merge, args=(other, family["sophie"]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["merged", "refused"]
    assert AccountMerge.objects.count() == 1


# --- Undo by the secretariat ---------------------------------------------------------------------


@pytest.fixture
def secretariat(establishment):
    user = UserFactory(username="a.secretariat", profile=User.Profile.PERSONNEL, establishment=establishment,
                       is_staff=True)
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=["activation", "selfservice"]))
    user.groups.add(group)
    return user


def test_secretariat_undoes_a_merge_made_by_mistake(client, family, secretariat):
    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    client.force_login(secretariat)
    changelist = reverse("admin:selfservice_accountmerge_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200 and "s.martin2" in text(listing)
    response = client.post(changelist, {"action": "undo_merges", "_selected_action": [merge.pk]}, follow=True)
    assert "regroupement(s) annulé(s)" in text(response)
    assert "nouveau courrier" in text(response)

    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == secretariat
    other = User.objects.get(pk=family["other"].pk)
    assert other.state == User.State.PROVISIONAL and other.is_active and not other.has_usable_password()
    assert Guardian.objects.get(pk=family["g2"].pk).account == other
    assert [p.first_name for p in guardian_children(user=family["sophie"])] == ["Dylan"]
    event = AuditEvent.objects.get(action="account.merge_undone")
    assert event.actor == secretariat and event.details["guardians_moved_back"] == 1


def test_undo_twice_is_refused(family, secretariat):
    from selfservice.services.merge import MergeUndoRefused

    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    account_merge_undo(merge_id=merge.pk, actor=secretariat)
    with pytest.raises(MergeUndoRefused):
        account_merge_undo(merge_id=merge.pk, actor=secretariat)
    # Undone: the account may be grouped again later (the constraint only covers merges in force).
    other = User.objects.get(pk=family["other"].pk)
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    accounts_merge(survivor=family["sophie"], absorbed_id=other.pk, joint=False)
    assert AccountMerge.objects.in_force().count() == 1


def test_secretariat_of_another_school_sees_no_merge(client, family, secretariat):
    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    elsewhere = EstablishmentFactory(uai="0170001A", name="Collège Ailleurs")
    secretariat.establishment = elsewhere
    secretariat.save(update_fields=["establishment"])
    client.force_login(secretariat)
    assert "s.martin2" not in text(client.get(reverse("admin:selfservice_accountmerge_changelist")))
    response = client.get(reverse("admin:selfservice_accountmerge_change", args=[merge.pk]))
    assert response.status_code in (302, 403, 404)
    client.post(reverse("admin:selfservice_accountmerge_changelist"),
                {"action": "undo_merges", "_selected_action": [merge.pk]})
    merge.refresh_from_db()
    assert merge.undone_at is None


# --- Every relation to an account has a decision ---------------------------------------------------


def test_merge_policy_names_every_relation_to_the_account_model():
    relations = set()
    for field in User._meta.get_fields(include_hidden=True):
        if field.is_relation and field.auto_created and not field.concrete:
            relations.add(f"{field.related_model._meta.label}.{field.field.name}")
    missing = relations - set(MERGE_POLICY)
    assert not missing, f"Décidez dans MERGE_POLICY ce qu'un regroupement fait de : {sorted(missing)}"


def test_a_franceconnect_identity_follows_the_children(family):
    from allauth.socialaccount.models import SocialAccount

    other = family["other"]
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    link = SocialAccount.objects.create(user=other, provider="franceconnect", uid="fc-sophie")
    accounts_merge(survivor=family["sophie"], absorbed_id=other.pk, joint=False)
    link.refresh_from_db()
    assert link.user == family["sophie"]
    assert AuditEvent.objects.get(action="account.merged").details["social_accounts_moved"] == [link.pk]
