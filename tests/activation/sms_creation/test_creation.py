"""Parent account creation by SMS: "Je n'ai pas encore d'identifiant" → "Créer mon compte"."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Guardian, User
from activation.models import SmsCode
from activation.services.sms_codes import CodeRejected, sms_code_check
from activation.services.sms_creation import CreationExpired, creation_complete
from core.phones import normalize_phone
from tests.factories import ProvisionalUserFactory, UserFactory

from .conftest import DYLAN_BIRTH, LEA_BIRTH, MOBILE, last_code

pytestmark = pytest.mark.django_db

START = reverse("activation:creation_start")
CODE = reverse("activation:creation_code")
PASSWORD = reverse("activation:creation_password")
NEW_PASSWORD = "Rentree-2026!"


def start(
    client, on_commit, last_name="MARTIN", first_name="Sophie", phone="06 12 34 56 78", **extra
):
    with on_commit():
        return client.post(
            START, {"last_name": last_name, "first_name": first_name, "phone": phone}, **extra
        )


def verify(client, code, *dates):
    data = {"code": code}
    for index, value in enumerate(dates, start=1):
        data[f"birth_date_{index}"] = value.strftime("%d/%m/%Y")
    return client.post(CODE, data)


def page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_reunion_mobile_typed_nationally_is_the_one_the_roster_recorded(
    client, family, sms_outbox, on_commit
):
    """SIECLE's "0692 12 34 56" is stored by the import as +262692123456: the parent types it the
    same way in "Créer mon compte" and receives the code there."""
    reunion = normalize_phone("0692 12 34 56").e164
    Guardian.objects.filter(pk__in=[g.pk for g in family["guardians"]]).update(phone_mobile=reunion)
    response = start(client, on_commit, phone="0692 12 34 56")
    assert response.status_code == 302 and response["Location"] == CODE
    assert [message.to for message in sms_outbox] == ["+262692123456"]
    assert verify(client, last_code(), LEA_BIRTH, DYLAN_BIRTH)["Location"] == PASSWORD


def test_login_page_link_leads_to_creer_mon_compte(client):
    response = client.get(reverse("portal:no_identifier_yet"), follow=True)
    assert response.status_code == 200
    assert "Créer mon compte" in response.content.decode()
    assert f'href="{START}"' in response.content.decode()


def test_parent_creates_account_with_children_of_two_schools(client, family, sms_outbox, on_commit):
    response = start(client, on_commit)
    assert response.status_code == 302 and response["Location"] == CODE
    assert len(sms_outbox) == 1
    assert sms_outbox[0].to == MOBILE
    code = last_code()
    assert "EduConnect" in sms_outbox[0].text and "10 minutes" in sms_outbox[0].text

    # The children's birth dates, in any order.
    response = verify(client, code, LEA_BIRTH, DYLAN_BIRTH)
    assert response.status_code == 302 and response["Location"] == PASSWORD

    response = client.get(PASSWORD)
    text = response.content.decode()
    assert "Notez votre identifiant" in text
    assert '<strong id="identifiant">s.martin</strong>' in text
    assert "Au moins 8 caractères" in text  # the rule is shown before typing

    response = client.post(PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    account = User.objects.get(username="s.martin")
    assert account.state == User.State.ACTIVE and account.profile == User.Profile.PARENT
    assert account.check_password(NEW_PASSWORD)
    assert set(Guardian.objects.filter(account=account)) == set(family["guardians"])
    assert int(client.session["_auth_user_id"]) == account.pk
    assert AuditEvent.objects.filter(
        action="educonnect.account_created", target_id=str(account.pk)
    ).exists()
    # The Durand contact (level 3) with the same mobile is not attached.
    assert Guardian.objects.get(last_name="DURAND").account is None

    # Replay: the verified code cannot create (or reset) the account a second time.
    sms_code = SmsCode.objects.get()
    assert sms_code.used_at is not None
    with pytest.raises(CreationExpired):
        creation_complete(code_id=sms_code.pk, password="Autre-Mot-2026!", ip=None)
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("last_name", "first_name", "phone"),
    [
        ("martin", "sophie", "+33 6 12 34 56 78"),
        ("Martin", "SOPHIE", "0033612345678"),
        ("MARTÍN", "Sophie", "06.12.34.56.78"),
    ],
)
def test_usual_spellings_of_name_and_number_are_recognised(
    client, family, sms_outbox, on_commit, last_name, first_name, phone
):
    start(client, on_commit, last_name=last_name, first_name=first_name, phone=phone)
    assert [message.to for message in sms_outbox] == [MOBILE]


def test_invalid_number_is_refused_with_a_french_message(client, family, sms_outbox):
    response = client.post(START, {"last_name": "Martin", "first_name": "Sophie", "phone": "06 12"})
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone portable valide" in response.content.decode()
    assert sms_outbox == [] and not SmsCode.objects.exists()


@pytest.mark.parametrize(
    ("last_name", "first_name", "phone"),
    [
        ("Dupont", "Sophie", "06 12 34 56 78"),  # wrong name
        ("Martin", "Sophie", "06 99 99 99 99"),  # number no school recorded
        ("Durand", "Paul", "06 12 34 56 78"),  # right number, but only a contact person (level 3)
    ],
)
def test_no_match_answers_exactly_as_a_match_and_sends_nothing(
    client, family, sms_outbox, on_commit, last_name, first_name, phone
):
    matched_client = client.__class__()
    matched = start(matched_client, on_commit)
    matched_page = page(matched_client.get(CODE))
    sms_outbox.clear()

    response = start(client, on_commit, last_name=last_name, first_name=first_name, phone=phone)
    assert (response.status_code, response["Location"]) == (
        matched.status_code,
        matched["Location"],
    )
    unmatched_page = page(client.get(CODE))
    # Only the typed number's last two digits differ.
    assert unmatched_page.replace(phone[-2:], "XX") == matched_page.replace("78", "XX")
    assert "contactez le secrétariat du collège" in unmatched_page
    assert sms_outbox == []

    # Wrong codes: the same countdown as a real code, then the same "contact the school" page.
    for remaining in (2, 1):
        text = verify(client, "123456", DYLAN_BIRTH).content.decode()
        assert f"il vous reste {remaining} essai" in text
    text = verify(client, "123456", DYLAN_BIRTH).content.decode()
    assert "Code plus valable" in text and "contactez le secrétariat du collège" in text


def test_every_child_birth_date_must_match_and_tries_are_limited(
    client, family, sms_outbox, on_commit
):
    start(client, on_commit)
    code = last_code()
    text = verify(client, code, DYLAN_BIRTH).content.decode()  # Léa's date missing
    assert "Le code ou les dates de naissance ne correspondent pas" in text
    assert "il vous reste 2 essais" in text
    text = verify(client, code, DYLAN_BIRTH, datetime.date(2015, 9, 3)).content.decode()
    assert "il vous reste 1 essai" in text
    text = verify(
        client, "000000" if code != "000000" else "111111", DYLAN_BIRTH, LEA_BIRTH
    ).content.decode()
    assert "Code plus valable" in text
    # Even the right answer no longer works: the code is dead after 3 tries.
    text = verify(client, code, DYLAN_BIRTH, LEA_BIRTH).content.decode()
    assert "Code plus valable" in text
    assert client.get(PASSWORD)["Location"] == START
    assert not User.objects.filter(username="s.martin").exists()


def test_code_expires_after_ten_minutes(client, family, on_commit):
    start(client, on_commit)
    code = last_code()
    later = timezone.now() + datetime.timedelta(minutes=10, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        text = verify(client, code, DYLAN_BIRTH, LEA_BIRTH).content.decode()
    assert "Code plus valable" in text


def test_code_is_stored_hashed_and_a_new_code_kills_the_previous_one(client, family, on_commit):
    start(client, on_commit)
    first_code = last_code()
    first = SmsCode.objects.get()
    assert first_code not in (first.code_hash, first.code_salt) and len(first.code_hash) == 64
    start(client, on_commit)
    with pytest.raises(CodeRejected) as rejected:
        sms_code_check(code_id=first.pk, purpose=SmsCode.Purpose.CREATION, code=first_code)
    assert rejected.value.remaining == 0
    response = verify(client, last_code(), DYLAN_BIRTH, LEA_BIRTH)
    assert response["Location"] == PASSWORD


def test_provisional_account_is_converted_not_duplicated(client, family, on_commit):
    letter_account = ProvisionalUserFactory(username="s.martin3", profile=User.Profile.PARENT)
    other_letter_account = ProvisionalUserFactory(username="s.martin4", profile=User.Profile.PARENT)
    pagnol_record, michel_record = family["guardians"]
    Guardian.objects.filter(pk=pagnol_record.pk).update(account=letter_account)
    Guardian.objects.filter(pk=michel_record.pk).update(account=other_letter_account)
    users_before = User.objects.count()

    start(client, on_commit)
    verify(client, last_code(), DYLAN_BIRTH, LEA_BIRTH)
    assert '<strong id="identifiant">s.martin3</strong>' in client.get(PASSWORD).content.decode()
    client.post(PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert User.objects.count() == users_before
    letter_account.refresh_from_db()
    other_letter_account.refresh_from_db()
    assert letter_account.state == User.State.ACTIVE and letter_account.check_password(NEW_PASSWORD)
    assert other_letter_account.state == User.State.CLOSED
    assert set(Guardian.objects.filter(account=letter_account)) == set(family["guardians"])
    assert AuditEvent.objects.filter(action="educonnect.account_converted").exists()


def test_guardian_with_an_active_account_is_sent_to_identifiant_oublie(client, family, on_commit):
    active = UserFactory(username="s.martin", profile=User.Profile.PARENT)
    Guardian.objects.filter(pk=family["guardians"][0].pk).update(account=active)
    start(client, on_commit)
    response = verify(client, last_code(), DYLAN_BIRTH, LEA_BIRTH)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Vous avez déjà un compte" in text and "Identifiant oublié ?" in text
    assert "s.martin" not in text  # the identifier travels only by SMS or e-mail
    assert User.objects.filter(profile=User.Profile.PARENT).count() == 1


def test_password_rule_failures_are_named(client, family, on_commit):
    start(client, on_commit)
    verify(client, last_code(), DYLAN_BIRTH, LEA_BIRTH)
    text = client.post(PASSWORD, {"new_password1": "abc", "new_password2": "abc"}).content.decode()
    assert "au moins 8 caractères" in text
    text = client.post(
        PASSWORD, {"new_password1": "smartin2026", "new_password2": "smartin2026"}
    ).content.decode()
    assert "3 des 4" in text or "critères" in text
    text = client.post(
        PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": "Autre-2026!"}
    ).content.decode()
    assert "Les deux mots de passe ne sont pas identiques." in text
    assert not User.objects.filter(username="s.martin").exists()


def test_sms_limit_per_number(client, family, sms_outbox, on_commit):
    for _ in range(3):
        start(client, on_commit)
    response = start(client, on_commit)
    assert response.status_code == 200
    assert "Trop de demandes" in response.content.decode()
    assert len(sms_outbox) == 3


def test_sms_limit_per_number_per_day(client, family, sms_outbox, settings, on_commit):
    settings.CARTABLE_LIMITS = {"sms_per_number_hour": 100}
    for attempt in range(5):
        assert start(client, on_commit, REMOTE_ADDR=f"192.0.2.{attempt}").status_code == 302
    response = start(client, on_commit, REMOTE_ADDR="192.0.2.50")
    assert "Trop de demandes" in response.content.decode()
    assert len(sms_outbox) == 5


def test_sms_limit_per_ip(client, family, sms_outbox, settings, on_commit):
    settings.CARTABLE_LIMITS = {"sms_per_ip_hour": 2}
    start(client, on_commit, phone="06 99 99 99 01")
    start(client, on_commit, phone="06 99 99 99 02")
    response = start(client, on_commit)  # the real parent, but from the same IP
    assert "Trop de demandes" in response.content.decode()
    assert sms_outbox == []
    response = start(client.__class__(), on_commit, REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302 and len(sms_outbox) == 1


def test_global_daily_ceiling_stops_sending_without_changing_the_page(
    client, family, sms_outbox, settings, on_commit
):
    settings.CARTABLE_LIMITS = {"sms_global_day": 1}
    start(client, on_commit)
    assert len(sms_outbox) == 1
    other = client.__class__()
    response = start(other, on_commit, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302 and response["Location"] == CODE
    assert len(sms_outbox) == 1
    assert AuditEvent.objects.filter(action="educonnect.creation_sms_ceiling").exists()


def test_a_guardian_whose_account_was_swept_creates_a_new_account(client, family, on_commit):
    """The daily sweep leaves the roster records on the expired account until the purge: it counts
    as no account, the parent gets a new one and both records move to it."""
    from core.retention import sweep_daily as sweep_run
    from tests.factories import LetterFactory

    swept = ProvisionalUserFactory(username="s.martin3", profile=User.Profile.PARENT)
    Guardian.objects.filter(pk__in=[g.pk for g in family["guardians"]]).update(account=swept)
    now = timezone.now()
    LetterFactory(
        pupil=family["dylan"],
        account=swept,
        kind="guardian",
        created_at=now - datetime.timedelta(days=100),
        expires_at=now - datetime.timedelta(days=8),
    )
    assert sweep_run()["comptes_courrier_expire"] == 1

    start(client, on_commit)
    response = verify(client, last_code(), DYLAN_BIRTH, LEA_BIRTH)
    assert response.status_code == 302 and response["Location"] == PASSWORD
    text = client.get(PASSWORD).content.decode()
    assert "#balaye" not in text
    client.post(PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    account = User.objects.get(profile=User.Profile.PARENT, state=User.State.ACTIVE)
    assert account.pk != swept.pk and account.check_password(NEW_PASSWORD)
    assert not account.username.startswith("#")
    assert set(Guardian.objects.filter(account=account)) == set(family["guardians"])
    assert User.objects.get(pk=swept.pk).state == User.State.EXPIRED
    assert AuditEvent.objects.filter(action="educonnect.account_created").exists()


def test_a_child_recorded_without_birth_date_is_not_asked_for(client, family, on_commit):
    """The others' dates prove the family (the school completes the missing one later)."""
    family["dylan"].birth_date = None
    family["dylan"].save(update_fields=["birth_date"])
    start(client, on_commit)
    response = verify(client, last_code(), LEA_BIRTH)
    assert response.status_code == 302 and response["Location"] == PASSWORD
