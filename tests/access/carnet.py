"""The carnet d'adresses in the access walk: an entry of parent B's carnet, which parent A must
not reach (404 whatever the method); parent B reaches it (the edit page 200, the POST-only URLs
405 on GET)."""

from __future__ import annotations

from accounts.models import User
from messagerie.models import Contact


def carnet_world(*, parent_b: User, teacher_b: User) -> dict:
    return {"contact_b": Contact.objects.create(owner=parent_b, kind="personne", person=teacher_b)}


def carnet_checks(check_class) -> dict:
    def contact(w):
        return {"pk": w["contact_b"].pk}

    return {
        "messagerie:contact_edit": check_class("parent_a", contact, "parent_b", contact),
        "messagerie:contact_delete": check_class(
            "parent_a", contact, "parent_b", contact, owner_status=405
        ),
        "messagerie:contact_write": check_class(
            "parent_a", contact, "parent_b", contact, owner_status=405
        ),
    }
