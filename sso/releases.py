"""The identity mode and attribute profiles the CAS server itself provides (registered in
``SsoConfig.ready``): "login", "default" and "pronote".

"pronote" releases what the open-source ENT entcore releases to Pronote, in its formats: ``nom``,
``prenom``, ``dateNaissance`` (dd/mm/yyyy), ``codePostal`` and ``categories`` (``National_1``
pupil, ``National_2`` parent, ``National_3`` teacher, ``National_4`` other staff). Names and birth
date come from the roster record (SIECLE / STS-web, as Pronote imported them), from the service's
establishment when it has one; the account's names when there is no record. A guardian has no
birth date in SIECLE's export: none is released. A pupil's postal code is their first legal
guardian's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from accounts.models import Guardian, GuardianLink, Pupil, StaffMember, User

from .attributes import Attributes, register_attribute_profile, register_identity_mode

if TYPE_CHECKING:
    from .models import RegisteredService

_Row = TypeVar("_Row", bound=Model)

PRONOTE_CATEGORIES: dict[str, str] = {
    User.Profile.ELEVE: "National_1",
    User.Profile.PARENT: "National_2",
    User.Profile.ENSEIGNANT: "National_3",
}
PRONOTE_OTHER_STAFF = "National_4"


def identify_by_login(user: User, service: RegisteredService) -> str | None:
    return user.get_username()


def release_default(user: User, service: RegisteredService) -> Attributes:
    return {"profile": [user.profile]}


def _in_establishment(queryset: QuerySet[_Row], service: RegisteredService) -> QuerySet[_Row]:
    if service.establishment_id is None:
        return queryset
    return queryset.filter(establishment_id=service.establishment_id)


def _pupil_record(user: User, service: RegisteredService) -> tuple[str, str, str, str]:
    pupil = (
        _in_establishment(Pupil.objects.current().filter(account=user), service)
        .order_by("pk")
        .first()
    )
    if pupil is None:
        return user.last_name, user.first_name, "", ""
    link = (
        GuardianLink.objects.legal()
        .filter(pupil=pupil)
        .exclude(guardian__postal_code="")
        .select_related("guardian")
        .order_by("rank", "pk")
        .first()
    )
    birth = pupil.birth_date.strftime("%d/%m/%Y") if pupil.birth_date else ""
    return pupil.last_name, pupil.first_name, birth, link.guardian.postal_code if link else ""


def _guardian_record(user: User, service: RegisteredService) -> tuple[str, str, str, str]:
    guardian = (
        _in_establishment(Guardian.objects.filter(account=user, left_on__isnull=True), service)
        .order_by("pk")
        .first()
    )
    if guardian is None:
        return user.last_name, user.first_name, "", ""
    return guardian.last_name, guardian.first_name, "", guardian.postal_code


def _staff_record(user: User, service: RegisteredService) -> tuple[str, str, str, str]:
    member = (
        _in_establishment(StaffMember.objects.filter(account=user, left_on__isnull=True), service)
        .order_by("pk")
        .first()
    )
    if member is None:
        return user.last_name, user.first_name, "", ""
    birth = member.birth_date.strftime("%d/%m/%Y") if member.birth_date else ""
    return member.last_name, member.first_name, birth, ""


def release_pronote(user: User, service: RegisteredService) -> Attributes:
    """One or two queries: the roster record (and, for a pupil, the guardian's postal code)."""
    if user.profile == User.Profile.ELEVE:
        record = _pupil_record(user, service)
    elif user.profile == User.Profile.PARENT:
        record = _guardian_record(user, service)
    else:
        record = _staff_record(user, service)
    last_name, first_name, birth_date, postal_code = record
    return {
        "nom": [last_name],
        "prenom": [first_name],
        "dateNaissance": [birth_date],
        "codePostal": [postal_code],
        "categories": [PRONOTE_CATEGORIES.get(user.profile, PRONOTE_OTHER_STAFF)],
    }


def register_releases() -> None:
    register_identity_mode("login", "Identifiant Cartable", identify_by_login)
    register_attribute_profile("default", "Profil du compte (profile)", release_default)
    register_attribute_profile(
        "pronote",
        "Pronote (nom, prenom, dateNaissance, codePostal, categories)",
        release_pronote,
    )
