"""Sending: bad input refused in French with nothing sent and the draft kept, the group send's
confirmation, all or nothing, a whole school in one transaction of bulk inserts."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, User
from messagerie.models import Attachment, Delivery, Message
from messagerie.services import draft_save, message_send
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory
from tests.messagerie.helpers import COMPOSE, client_for, inbox_of, send, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def _executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def Huge():  # noqa: N802
    return SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))


BAD = {
    "empty subject and body": (
        {"objet": "", "texte": "   "},
        "le message est vide",
    ),
    "no recipient": ({"destinataires": []}, "Choisissez au moins un destinataire"),
    "a recipient outside the rules": (
        {"destinataires": ["OTHER_PARENT"]},
        "ne fait pas partie des personnes",
    ),
    "not an id": ({"destinataires": ["abc"]}, "ne fait pas partie des personnes"),
    "an executable renamed .pdf": (
        {"pieces_jointes": "EXE"},
        "Ce type de fichier n'est pas accepté",
    ),
    "a 30 MB attachment": ({"pieces_jointes": "HUGE"}, "trop volumineux"),
    "a group reserved to the direction": ({"groupes": ["CLASS_GROUP"]}, "réservés à la direction"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_sends_nothing_and_keeps_the_draft(school, case):
    data, expected = BAD[case]
    parent = school["parent_un"]
    posted = {
        "destinataires": [school["quatreb"].pk],
        "objet": "Question",
        "texte": "Bonjour.",
        "action": "send",
        **data,
    }
    posted["destinataires"] = [
        school["parent_deux"].pk if value == "OTHER_PARENT" else value
        for value in posted["destinataires"]
    ]
    posted["groupes"] = [f"parents-classe:{school['4b'].pk}" for _ in posted.get("groupes", [])]
    if posted.get("pieces_jointes") == "EXE":
        posted["pieces_jointes"] = [
            SimpleUploadedFile("bulletin.pdf", _executable(), "application/pdf")
        ]
    elif posted.get("pieces_jointes") == "HUGE":
        posted["pieces_jointes"] = [Huge()]
    response = client_for(parent).post(COMPOSE, posted)
    assert response.status_code == 400
    page = text_of(response)
    assert expected in page
    assert "votre brouillon est conservé" in page
    assert not Delivery.objects.exclude(owner=parent).exists()  # nothing sent
    draft = Message.objects.get(sender=parent)
    assert draft.sent_at is None
    assert Delivery.objects.get(message=draft).folder == "drafts"
    assert not Attachment.objects.exists()
    # The draft never keeps a name the rules hide.
    assert school["parent_deux"].pk not in draft.addressed["users"]
    assert "DEUX" not in page


def test_office_documents_and_images_are_accepted(school):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office/>")
    client = client_for(school["quatreb"])
    response = client.post(
        COMPOSE,
        {
            "destinataires": [school["parent_un"].pk],
            "objet": "Documents",
            "pieces_jointes": [
                SimpleUploadedFile("lettre.odt", buffer.getvalue()),
                SimpleUploadedFile("photo", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
            ],
            "action": "send",
        },
    )
    assert response.status_code == 302
    names = sorted(Attachment.objects.values_list("name", flat=True))
    assert names == ["lettre.odt", "photo.png"]
    # The recipient downloads it, sandboxed, with the type its content was checked to be.
    attachment = Attachment.objects.get(name="photo.png")
    download = client_for(school["parent_un"]).get(
        reverse("messagerie:attachment", args=[attachment.pk])
    )
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Disposition"].startswith("attachment")


def test_a_group_send_asks_for_a_confirmation_with_the_count(school):
    direction = school["direction"]
    client = client_for(direction)
    response = client.post(
        COMPOSE,
        {
            "groupes": [f"parents-classe:{school['4b'].pk}"],
            "objet": "Réunion",
            "texte": "Mardi.",
            "action": "send",
        },
    )
    assert response.status_code == 200
    assert "Ce message sera envoyé à 2 personnes." in text_of(response)
    assert not inbox_of(school["parent_un"]).exists()
    draft = Message.objects.get(sender=direction)
    confirm = reverse("messagerie:draft_confirm", args=[draft.pk])
    # The roster changed meanwhile: a new parent in 4 B; the count is shown again.
    pupil = PupilFactory(establishment=school["a"], division=school["4b"])
    late = UserFactory(username="parent.tard", profile=User.Profile.PARENT)
    GuardianLinkFactory(
        pupil=pupil, guardian=GuardianFactory(establishment=school["a"], account=late)
    )
    response = client.post(confirm, {"nombre_confirme": "2"})
    assert "Ce message sera envoyé à 3 personnes." in text_of(response)
    assert "a changé" in text_of(response)
    assert not inbox_of(school["parent_un"]).exists()
    response = client.post(confirm, {"nombre_confirme": "3"})
    assert response.status_code == 302
    assert {d.owner_id for d in Delivery.objects.filter(message=draft, folder="inbox")} == {
        school["parent_un"].pk, school["parent_deux"].pk, late.pk,
    }  # fmt: skip
    assert AuditEvent.objects.get(action="messagerie.group_sent").details["recipients"] == 3
    # Sent once: confirming again sends nothing more.
    client.post(confirm, {"nombre_confirme": "3"})
    assert Delivery.objects.filter(message=draft, folder="inbox").count() == 3


def test_a_failure_half_way_leaves_no_partial_delivery(school, monkeypatch):
    """The bulk insert fails after its first batch: nothing of the send remains."""
    from messagerie.services import sending

    original = Delivery.objects.bulk_create
    calls = []

    def failing(objs, batch_size=None, **kwargs):
        objs = list(objs)
        original(objs[:1], **kwargs)  # half-way: some rows written
        calls.append(len(objs))
        raise DatabaseError("disque plein")

    monkeypatch.setattr(sending.Delivery.objects, "bulk_create", failing)
    author = school["direction"]
    with pytest.raises(DatabaseError):
        send(author, to=[school["parent_un"].pk, school["parent_deux"].pk])
    assert calls
    assert not Delivery.objects.filter(folder="inbox").exists()
    assert not Message.objects.filter(sent_at__isnull=False).exists()


def test_a_school_wide_send_is_one_transaction_of_bulk_inserts(
    school, django_assert_max_num_queries
):
    """1,000 parents: a fixed number of queries, well under a second."""
    a = school["a"]
    accounts = User.objects.bulk_create(
        [
            User(
                username=f"p.bulk{i}",
                first_name="P",
                last_name=f"Bulk{i}",
                profile="parent",
                state="active",
            )
            for i in range(1000)
        ]
    )
    from accounts.models import Guardian, GuardianLink, Pupil

    pupils = Pupil.objects.bulk_create(
        [
            Pupil(establishment=a, division=school["4c"], first_name="E", last_name=f"B{i}",
                  birth_date="2012-01-01", siecle_id=f"9{i:06d}")
            for i in range(1000)
        ]
    )  # fmt: skip
    guardians = Guardian.objects.bulk_create(
        [
            Guardian(establishment=a, last_name=f"B{i}", first_name="P", account=account, siecle_id=f"8{i:06d}")
            for i, account in enumerate(accounts)
        ]
    )  # fmt: skip
    GuardianLink.objects.bulk_create(
        [
            GuardianLink(pupil=p, guardian=g, level=1, rank=1)
            for p, g in zip(pupils, guardians, strict=True)
        ]
    )
    author = school["direction"]
    groups = [f"parents:{a.pk}"]
    draft = draft_save(
        author=author,
        draft=None,
        subject="Rentrée",
        text="Bonne rentrée.",
        user_ids=[],
        group_keys=groups,
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        message_send(
            author=author, draft=draft, user_ids=[], group_keys=groups, confirmed_count=1003
        )
    elapsed = time.perf_counter() - started
    assert Delivery.objects.filter(message=draft, folder="inbox").count() == 1003
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    inserts = [sql for sql in statements if sql.startswith('INSERT INTO "messagerie_delivery"')]
    # A fixed number of statements, plus the bulk insert's batches (one on PostgreSQL; SQLite
    # caps the parameters of a statement).
    assert len(statements) - len(inserts) == 10
    batch = connection.ops.bulk_batch_size(["owner_id"] * 8, [None] * 1003)
    assert len(inserts) == -(-1003 // min(1000, batch))
    assert elapsed < 5  # SQLite in tests; bench/bench_messagerie.py measures PostgreSQL
