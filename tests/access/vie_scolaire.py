"""The vie scolaire's objects in the access walk: an absence of pupil A and of pupil B (each
with a justification and its document), and who must be refused each URL: a teacher who does not
teach the class, another establishment's staff, a parent of another family."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

PDF = b"%PDF-1.4\n%%EOF\n"


def _absence(w, school: str):
    key = f"absence_{school}"
    if key not in w:
        from vie_scolaire.models import Event, Justification, Motive

        pupil = w[f"pupil_{school}"]
        start = timezone.now().replace(hour=8, minute=0) - datetime.timedelta(days=1)
        event = Event.objects.create(
            establishment=pupil.establishment,
            pupil=pupil,
            kind=Event.Kind.ABSENCE,
            school_year=_year(),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            status=Event.State.UNEXPLAINED,
        )
        justification = Justification(
            event=event,
            submitted_by=w[f"parent_{school}"],
            motive=Motive.objects.filter(establishment=pupil.establishment).first(),
            document_name="certificat.pdf",
            document_type="application/pdf",
            status=Justification.State.REFUSED,
        )
        justification.document.save("certificat.pdf", ContentFile(PDF), save=False)
        justification.save()
        w[key], w[f"justification_{school}"] = event, justification
    return w[key]


def _year() -> int:
    from core.schoolyear import current_school_year

    return current_school_year()


def _justification(w, school: str):
    _absence(w, school)
    return w[f"justification_{school}"]


# Each entry: the kwargs of test_urls.ObjectCheck.
VIE_SCOLAIRE_CHECKS = {
    # A teacher who does not teach pupil A's class: 404 on its appel.
    "vie_scolaire:roll_call": {
        "viewer": "other_teacher_a",
        "forbidden": lambda w: {"service_id": w["service_a"].pk},
        "owner": "teacher_a",
        "allowed": lambda w: {"service_id": w["service_a"].pk},
    },
    # Another establishment's CPE: 404 on school A's events and justifications.
    "vie_scolaire:event_edit": {
        "viewer": "cpe_b",
        "forbidden": lambda w: {"event_id": _absence(w, "a").pk},
        "owner": "cpe_a",
        "allowed": lambda w: {"event_id": _absence(w, "a").pk},
    },
    "vie_scolaire:justification": {
        "viewer": "cpe_b",
        "forbidden": lambda w: {"justification_id": _justification(w, "a").pk},
        "owner": "cpe_a",
        "allowed": lambda w: {"justification_id": _justification(w, "a").pk},
    },
    "vie_scolaire:justification_document": {
        "viewer": "teacher_a",
        "forbidden": lambda w: {"justification_id": _justification(w, "a").pk},
        "owner": "cpe_a",
        "allowed": lambda w: {"justification_id": _justification(w, "a").pk},
    },
    # A parent of another family.
    "teleservices:vie_scolaire_justify": {
        "viewer": "parent_a",
        "forbidden": lambda w: {"pupil_id": w["pupil_b"].pk, "event_id": _absence(w, "b").pk},
        "owner": "parent_b",
        "allowed": lambda w: {"pupil_id": w["pupil_b"].pk, "event_id": _absence(w, "b").pk},
    },
    "teleservices:vie_scolaire_declare": {
        "viewer": "parent_a",
        "forbidden": lambda w: {"pupil_id": w["pupil_b"].pk},
        "owner": "parent_b",
        "allowed": lambda w: {"pupil_id": w["pupil_b"].pk},
    },
    "teleservices:vie_scolaire_document": {
        "viewer": "parent_a",
        "forbidden": lambda w: {
            "pupil_id": w["pupil_b"].pk,
            "justification_id": _justification(w, "b").pk,
        },
        "owner": "parent_b",
        "allowed": lambda w: {
            "pupil_id": w["pupil_b"].pk,
            "justification_id": _justification(w, "b").pk,
        },
    },
}

# Beyond the walk's one viewer per URL: everyone else who must be refused school A's objects
# (the "a" side of each check) — another establishment's staff, families, the other teacher.
OUTSIDERS = {
    "vie_scolaire:roll_call": ("teacher_b", "cpe_b", "parent_a", "pupil_account_a"),
    "vie_scolaire:event_edit": ("teacher_a", "teacher_b", "parent_a", "pupil_account_a"),
    "vie_scolaire:justification": ("teacher_a", "teacher_b", "parent_a", "pupil_account_a"),
    "vie_scolaire:justification_document": (
        "other_teacher_a",
        "teacher_b",
        "cpe_b",
        "parent_b",
        "pupil_account_a",
    ),
}
