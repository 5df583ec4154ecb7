"""The cahier de textes' object URLs in the access walk: the entries of school A's class (taught
by ``teacher_a``), asked by a teacher of A who does not teach that class, another school's
pupil, another family. ``tests/access/test_cahier.py`` asks each one more strangers."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone


def cahier_of_a(world: dict) -> dict:
    """A séance with an attachment and a travail à faire in pupil A's class (made once)."""
    if "cahier_a" not in world:
        from cahier_de_textes.models import Attachment
        from tests.cahier_de_textes.conftest import make_homework, make_seance

        today = timezone.localdate()
        seance = make_seance(world["service_a"], today)
        homework = make_homework(world["service_a"], today)
        attachment = Attachment(
            seance=seance, name="fiche.pdf", content_type="application/pdf", size=9
        )
        attachment.file.save("fiche.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
        world["cahier_a"] = {"seance": seance, "homework": homework, "attachment": attachment}
    return world["cahier_a"]


def _service(w):
    return {"service_id": w["service_a"].pk}


def _seance(w):
    return {"seance_id": cahier_of_a(w)["seance"].pk}


def _homework(w):
    return {"homework_id": cahier_of_a(w)["homework"].pk}


def _attachment(w):
    return {"attachment_id": cahier_of_a(w)["attachment"].pk}


# URL name → (kwargs of A's object, who owns it, the owner's status: GET-only and POST-only pages)
CAHIER_URLS = {
    "cahier_de_textes:service": (_service, "teacher_a", 200),
    "cahier_de_textes:seance_new": (_service, "teacher_a", 200),
    "cahier_de_textes:homework_new": (_service, "teacher_a", 200),
    "cahier_de_textes:seance_edit": (_seance, "teacher_a", 200),
    "cahier_de_textes:seance_delete": (_seance, "teacher_a", 200),
    "cahier_de_textes:seance_copy": (_seance, "teacher_a", 200),
    "cahier_de_textes:homework_edit": (_homework, "teacher_a", 200),
    "cahier_de_textes:homework_delete": (_homework, "teacher_a", 200),
    "cahier_de_textes:homework_done": (_homework, "pupil_account_a", 405),
    "cahier_de_textes:attachment": (_attachment, "parent_a", 200),
}
# The school community of A may read a class's cahier (and its attachments): only the writes
# are refused to A's teacher who does not teach the class.
COMMUNITY_READS = {"cahier_de_textes:attachment"}


def cahier_checks(check: type) -> dict:
    """The walk's entries (``check`` is test_urls' ObjectCheck)."""
    return {
        name: check(
            viewer="parent_b"
            if name in COMMUNITY_READS
            else ("pupil_account_b" if owner.startswith("pupil") else "other_teacher_a"),
            forbidden=kwargs,
            owner=owner,
            allowed=kwargs,
            owner_status=status,
        )
        for name, (kwargs, owner, status) in CAHIER_URLS.items()
    }
