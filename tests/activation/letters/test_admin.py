import datetime
import html

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from activation.models import Letter, LetterBatch
from tests.factories import EstablishmentFactory, LetterFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("admin:activation_dashboard")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_secretariat_generates_a_class_batch_from_the_admin(
    secretariat_client, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("admin:activation_letterbatch_add"),
            {
                "scope": "division",
                "division": school["division"].pk,
                "establishment": school["division"].establishment_id,
                "include_pupils": "on",
                "include_guardians": "on",
            },
        )
    batch = LetterBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:activation_letterbatch_change", args=[batch.pk]
    )
    page = text(secretariat_client.get(response["Location"]))
    assert "Terminé" in page and "Télécharger le PDF à imprimer" in page and "<progress" in page
    pdf = secretariat_client.get(reverse("admin:activation_letterbatch_pdf", args=[batch.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    assert AuditEvent.objects.filter(action="letters.pdf_downloaded").exists()


def test_the_pdf_is_for_the_staff_of_that_establishment_only(client, school, generate):
    batch, _ = generate(scope="division", division=school["division"])
    other = UserFactory(
        username="b.autre",
        profile=User.Profile.PERSONNEL,
        is_staff=True,
        establishment=EstablishmentFactory(),
    )
    other.groups.add(Group.objects.get(name="Secrétariat"))
    other.refresh_from_db()  # changing groups rotates the session stamp (accounts)
    client.force_login(other)
    assert (
        client.get(reverse("admin:activation_letterbatch_pdf", args=[batch.pk])).status_code == 404
    )
    assert (
        client.get(reverse("admin:activation_letterbatch_change", args=[batch.pk])).status_code
        == 404
    )
    parent = UserFactory(profile=User.Profile.PARENT)
    client.force_login(parent)
    assert (
        client.get(reverse("admin:activation_letterbatch_pdf", args=[batch.pk])).status_code == 302
    )


def test_the_pdf_is_gone_after_the_window(secretariat_client, school, generate):
    batch, path = generate(scope="division", division=school["division"])
    assert batch.pdf_expires_at - batch.finished_at < datetime.timedelta(hours=25)
    LetterBatch.objects.filter(pk=batch.pk).update(
        pdf_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert (
        secretariat_client.get(
            reverse("admin:activation_letterbatch_pdf", args=[batch.pk])
        ).status_code
        == 404
    )


def test_activation_dashboard_per_class_in_a_fixed_number_of_queries(
    secretariat_client, establishment, django_assert_max_num_queries
):
    now = timezone.now()
    pupils = [PupilFactory(establishment=establishment) for _ in range(3)]
    LetterFactory(pupil=pupils[0])  # waiting
    used = LetterFactory(pupil=pupils[1], used_at=now, account__state=User.State.ACTIVE)
    EmailAddress.objects.create(user=used.account, email="a@example.org", verified=True)
    LetterFactory(
        pupil=pupils[2],
        created_at=now - datetime.timedelta(days=100),
        expires_at=now - datetime.timedelta(days=8),
    )
    LetterFactory(pupil=pupils[2], revoked_at=now)  # replaced: printed only
    downloaded = LetterBatch.objects.create(
        establishment=establishment, scope=LetterBatch.Scope.DIVISION, pdf_downloaded_at=now
    )
    Letter.objects.update(batch=downloaded)
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(DASHBOARD)
    rows = response.context["rows"]
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals == {
        "printed": 4,
        "first_connections": 1,
        "emails_confirmed": 1,
        "expired": 1,
        "waiting": 1,
    }
    assert {row["division"] for row in rows} == {p.division.code for p in pupils}
    # More classes, same number of queries.
    for _ in range(5):
        LetterFactory(pupil=PupilFactory(establishment=establishment))
    with django_assert_max_num_queries(8):
        secretariat_client.get(DASHBOARD)


def test_dashboard_shows_only_the_own_establishment(secretariat_client, establishment):
    LetterFactory(pupil=PupilFactory(establishment=EstablishmentFactory(), division__code="3 Z"))
    assert "3 Z" not in text(secretariat_client.get(DASHBOARD))


def test_reset_action_from_the_letters_list(
    secretariat_client, establishment, password, django_capture_on_commit_callbacks
):
    letter = LetterFactory(
        pupil=PupilFactory(establishment=establishment),
        used_at=timezone.now(),
        account__state=User.State.ACTIVE,
    )
    account = letter.account
    letter.pupil.account = account
    letter.pupil.save(update_fields=["account"])
    account.set_password(password)
    account.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("admin:activation_letter_changelist"),
            {"action": "reset_letters_accounts", "_selected_action": [letter.pk]},
        )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.state == User.State.PROVISIONAL and not account.check_password(password)
    assert Letter.objects.filter(account=account).live().count() == 1
    assert AuditEvent.objects.filter(
        action="account.reset", actor__username="a.secretariat"
    ).exists()


def test_letters_list_is_scoped(secretariat_client, establishment):
    mine = LetterFactory(pupil=PupilFactory(establishment=establishment))
    theirs = LetterFactory(pupil=PupilFactory(establishment=EstablishmentFactory()))
    page = text(secretariat_client.get(reverse("admin:activation_letter_changelist")))
    assert mine.identifier in page and theirs.identifier not in page


def test_letters_count_as_printed_only_once_their_pdf_was_downloaded(
    secretariat_client, school, generate
):
    batch, _ = generate(scope="division", division=school["division"])
    assert secretariat_client.get(DASHBOARD).context["totals"]["printed"] == 0

    secretariat_client.get(reverse("admin:activation_letterbatch_pdf", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.pdf_downloaded_at is not None
    totals = secretariat_client.get(DASHBOARD).context["totals"]
    assert totals["printed"] == batch.letters.count() > 0


def test_batch_titles_are_in_paris_time(establishment):
    batch = LetterBatch(
        establishment=establishment,
        scope=LetterBatch.Scope.DIVISION,
        scope_label="Classe 5e B",
        created_at=datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC),
    )

    assert str(batch) == "Classe 5e B — 15/01/2026 13:00"
