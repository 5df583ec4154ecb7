"""The admin speaks French: column headers of every changelist, audit actions by their label."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse

from accounts.audit import AuditAction, audit_record
from accounts.models import AuditEvent, ReservedIdentifier, User

ENGLISH_HEADERS = {
    "establishment",
    "created by",
    "value",
    "base",
    "number",
    "created at",
    "updated at",
    "user",
    "uid",
    "last used at",
}
HEADER = re.compile(
    r'<th scope="col"[^>]*>\s*(?:<div class="sortoptions">.*?</div>\s*)?'
    r'<div class="text">\s*(?:<a[^>]*>|<span>)?\s*([^<]+?)\s*<',
    re.S,
)


def column_headers(response) -> list[str]:
    return [html.unescape(h).lower() for h in HEADER.findall(response.content.decode())]


@pytest.mark.django_db
def test_no_changelist_has_english_column_headers(rf, superuser_client):
    request = rf.get("/admin/")
    request.user = User.objects.get(username="root")
    english = {}
    for model, model_admin in admin.site._registry.items():
        labels = [
            str(label_for_field(name, model, model_admin))
            for name in model_admin.get_list_display(request)
        ]
        found = [label for label in labels if label.lower() in ENGLISH_HEADERS]
        if found:
            english[model._meta.label] = found
    assert not english


@pytest.mark.django_db
def test_reserved_identifiers_have_french_headers(superuser_client):
    ReservedIdentifier.objects.create(value="d.martin", base="d.martin", number=1)

    identifiers = column_headers(
        superuser_client.get(reverse("admin:accounts_reservedidentifier_changelist"))
    )

    assert identifiers == ["identifiant", "base de l'identifiant", "numéro", "attribué le"]


@pytest.mark.django_db
def test_the_audit_log_shows_actions_by_their_french_label(superuser_client):
    audit_record(action=AuditAction.CHARTER_ACCEPTED, actor=None, target=None)
    audit_record(action=AuditAction.ROSTER_IMPORT_DONE, actor=None, target=None)

    response = superuser_client.get(reverse("admin:accounts_auditevent_changelist"))
    page = response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.CHARTER_ACCEPTED)

    assert "Charte acceptée" in page and "Import SIECLE/STS terminé" in page
    assert ">charter_accepted<" not in page and ">roster.import.done<" not in page
    assert "Charte acceptée" in str(event)
