"""« Mon cahier de textes »: a teacher writes séances and travail à faire on their own classes,
copies a séance, edits and deletes their own entries until the direction's visa; bad input gets
a French message and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from cahier_de_textes.models import Attachment, Homework, Seance, Visa
from tests.cahier_de_textes.conftest import make_homework, make_seance
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _seance_post(school, **extra):
    data = {
        "date": school["today"].isoformat(),
        "starts_at": "08:00",
        "ends_at": "08:55",
        "title": "Le conte merveilleux",
        "content": "Lecture de la Belle et la Bête.\n\n<script>alert(1)</script>Schéma narratif.",
    }
    data.update(extra)
    return data


def test_a_teacher_sees_their_classes_and_writes_a_seance(client, school):
    client.force_login(school["teacher"].account)
    page = client.get(reverse("cahier_de_textes:mon_cahier")).content.decode()
    assert "4 A — Français" in page and "4 B — Français" in page
    assert "Mathématiques" not in page  # a colleague's service
    url = reverse("cahier_de_textes:seance_new", kwargs={"service_id": school["service"].pk})
    upload = SimpleUploadedFile("fiche.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**_seance_post(school), "attachments": [upload]})
    assert response.status_code == 302
    seance = Seance.objects.get()
    assert seance.division == school["division"] and seance.subject == school["french"]
    assert "<script>" not in seance.content and "Schéma narratif" in seance.content
    attachment = Attachment.objects.get()
    assert attachment.name == "fiche.pdf" and attachment.content_type == "application/pdf"
    assert "fiche" not in attachment.file.name  # stored under a random name
    assert AuditEvent.objects.filter(action="cahier.seance.create").count() == 1
    page = client.get(response.url).content.decode()
    assert "Le conte merveilleux" in page and "La séance est enregistrée." in page


def test_homework_linked_to_a_seance(client, school):
    seance = make_seance(school["service"], school["today"])
    client.force_login(school["teacher"].account)
    url = reverse("cahier_de_textes:homework_new", kwargs={"service_id": school["service"].pk})
    assert (
        f'value="{seance.pk}" selected' in client.get(f"{url}?seance={seance.pk}").content.decode()
    )
    due = school["today"] + datetime.timedelta(days=2)
    response = client.post(
        url,
        {
            "due_on": due.isoformat(),
            "description": "Exercices 4 et 5 p. 212.",
            "estimated_minutes": "30",
            "published_on": school["today"].isoformat(),
            "seance": seance.pk,
        },
    )
    assert response.status_code == 302
    homework = Homework.objects.get()
    assert homework.seance == seance and homework.estimated_minutes == 30
    assert homework.due_on == due


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"date": "2001-09-10"}, "La date doit être dans l&#x27;année scolaire"),
        ({"ends_at": "07:30"}, "L&#x27;heure de fin doit être après l&#x27;heure de début."),
    ],
)
def test_bad_seance_input_writes_nothing(client, school, extra, message):
    client.force_login(school["teacher"].account)
    url = reverse("cahier_de_textes:seance_new", kwargs={"service_id": school["service"].pk})
    response = client.post(url, _seance_post(school, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Seance.objects.exists()


def test_attachments_are_checked_by_content_and_size(client, school, settings):
    settings.CARTABLE_CAHIER_ATTACHMENT_MAX_MB = 1
    client.force_login(school["teacher"].account)
    url = reverse("cahier_de_textes:seance_new", kwargs={"service_id": school["service"].pk})
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(url, {**_seance_post(school), "attachments": [big]})
    assert response.status_code == 400
    assert "Le fichier est trop volumineux" in response.content.decode()
    fake = SimpleUploadedFile("devoir.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    response = client.post(url, {**_seance_post(school), "attachments": [fake]})
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not Seance.objects.exists() and not Attachment.objects.exists()


def test_bad_homework_input_writes_nothing(client, school):
    client.force_login(school["teacher"].account)
    url = reverse("cahier_de_textes:homework_new", kwargs={"service_id": school["service"].pk})
    today = school["today"]
    for data, message in (
        ({"due_on": "2001-01-01"}, "année scolaire"),
        (
            {"published_on": (today + datetime.timedelta(days=5)).isoformat()},
            "La date de publication doit être au plus tard",
        ),
        ({"description": ""}, "Décrivez le travail à faire."),
        ({"estimated_minutes": "9000"}, "Indiquez une durée entre 1 et 600 minutes."),
    ):
        post = {
            "due_on": (today + datetime.timedelta(days=1)).isoformat(),
            "description": "Relire.",
            "published_on": today.isoformat(),
            **data,
        }
        response = client.post(url, post)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Homework.objects.exists()


def test_a_class_the_teacher_does_not_teach_is_refused(client, school):
    client.force_login(school["teacher"].account)
    theirs = school["maths_service"]
    for name in ("service", "seance_new", "homework_new"):
        url = reverse(f"cahier_de_textes:{name}", kwargs={"service_id": theirs.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, _seance_post(school)).status_code in {404, 405}
    seance = make_seance(school["service"], school["today"])
    response = client.post(
        reverse("cahier_de_textes:seance_copy", kwargs={"seance_id": seance.pk}),
        {"target": theirs.pk, "date": school["today"], "starts_at": "10:00", "ends_at": "11:00"},
    )
    assert response.status_code == 400
    assert "Vous n&#x27;enseignez pas cette matière dans cette classe" in response.content.decode()
    assert Seance.objects.count() == 1


def test_a_seance_is_copied_to_another_class_with_its_attachments(client, school):
    client.force_login(school["teacher"].account)
    url = reverse("cahier_de_textes:seance_new", kwargs={"service_id": school["service"].pk})
    upload = SimpleUploadedFile("fiche.pdf", PDF)
    client.post(url, {**_seance_post(school), "attachments": [upload]})
    seance = Seance.objects.get()
    target = school["other_service"]
    response = client.post(
        reverse("cahier_de_textes:seance_copy", kwargs={"seance_id": seance.pk}),
        {"target": target.pk, "date": school["today"], "starts_at": "10:00", "ends_at": "10:55"},
    )
    assert response.status_code == 302
    copy = Seance.objects.exclude(pk=seance.pk).get()
    assert copy.division == target.division and copy.title == seance.title
    original, copied = Attachment.objects.order_by("pk")
    assert copied.seance == copy and copied.file.name != original.file.name
    with copied.file.open("rb") as stream:
        assert stream.read() == PDF


def test_own_entries_are_edited_and_deleted_until_the_visa(client, school):
    seance = make_seance(school["service"], school["today"] - datetime.timedelta(days=3))
    homework = make_homework(school["service"], school["today"] - datetime.timedelta(days=1))
    client.force_login(school["teacher"].account)
    edit = reverse("cahier_de_textes:seance_edit", kwargs={"seance_id": seance.pk})
    response = client.post(edit, _seance_post(school, date=seance.date.isoformat(), title="Suite"))
    assert response.status_code == 302
    seance.refresh_from_db()
    assert seance.title == "Suite"
    Visa.objects.create(
        establishment=school["a"],
        division=school["division"],
        subject=school["french"],
        up_to=school["today"],
        given_by=school["direction"],
    )
    response = client.post(edit, _seance_post(school, date=seance.date.isoformat(), title="Autre"))
    assert response.status_code == 400
    assert "visé par la direction" in response.content.decode()
    for name, kwargs in (
        ("seance_delete", {"seance_id": seance.pk}),
        ("homework_delete", {"homework_id": homework.pk}),
    ):
        response = client.post(reverse(f"cahier_de_textes:{name}", kwargs=kwargs))
        assert response.status_code == 400
    new = reverse("cahier_de_textes:seance_new", kwargs={"service_id": school["service"].pk})
    assert client.post(new, _seance_post(school)).status_code == 400  # today is visaed too
    assert Seance.objects.get().title == "Suite" and Homework.objects.exists()
    page = client.get(
        reverse("cahier_de_textes:service", kwargs={"service_id": school["service"].pk})
    ).content.decode()
    assert "Visé par" in page and f'href="{edit}"' not in page


def test_a_teacher_cannot_touch_a_colleagues_entries(client, school):
    seance = make_seance(school["maths_service"], school["today"])
    homework = make_homework(school["maths_service"], school["today"])
    client.force_login(school["teacher"].account)
    for name, kwargs in (
        ("seance_edit", {"seance_id": seance.pk}),
        ("seance_delete", {"seance_id": seance.pk}),
        ("seance_copy", {"seance_id": seance.pk}),
        ("homework_edit", {"homework_id": homework.pk}),
        ("homework_delete", {"homework_id": homework.pk}),
    ):
        url = reverse(f"cahier_de_textes:{name}", kwargs=kwargs)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Seance.objects.count() == 1 and Homework.objects.count() == 1


def test_the_service_page_costs_the_same_queries_for_a_week_or_a_year(
    client, school, django_assert_num_queries
):
    service = school["service"]
    client.force_login(service.teacher.account)
    url = reverse("cahier_de_textes:service", kwargs={"service_id": service.pk})
    make_seance(service, school["today"])
    make_homework(service, school["today"])
    client.get(url)
    # session, account, school role (staff, services, main classes), the service, séances and
    # their attachments, travail à faire and their attachments, visas
    expected = session_queries() + 10
    with django_assert_num_queries(expected):
        client.get(url)
    first = datetime.date(school["year"], 9, 1)
    for offset in range(150):
        day = first + datetime.timedelta(days=offset)
        seance = make_seance(service, day)
        Attachment.objects.create(
            seance=seance, name="a.pdf", content_type="application/pdf", size=1, file="cahier/x.pdf"
        )
        make_homework(service, day)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
