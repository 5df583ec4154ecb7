"""The Pronote bridge's writes: an establishment's Pronote settings (and so its CAS service),
the import of the PRONOTE-ENT identifiers, and the lines settled by hand. Each writes its audit
record; the import is one transaction: a refused file writes nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, User
from apps_catalog.models import Application
from sso.matching import service_parts
from sso.services import registered_service_deactivate, registered_service_save

from . import messages
from .csvfile import parse_export
from .espaces import PROFILES, with_slash
from .matching import candidates, directory_of
from .models import PronoteEntLink, PronoteImport, PronoteImportRow, PronoteSettings
from .releases import ATTRIBUTE_PROFILE, IDENTITY_MODE
from .selectors import account_in_establishment, ent_logins_export

PRONOTE_TILE_SLUG = "pronote"

# How Pronote recognises the users → what the CAS service releases.
_RELEASES = {
    PronoteSettings.Identification.ATTRIBUTES: ("login", "pronote"),
    PronoteSettings.Identification.PRONOTE_ENT: (IDENTITY_MODE, "pronote"),
    PronoteSettings.Identification.PRONOTE_ENT_ATTRIBUTE: ("login", ATTRIBUTE_PROFILE),
}


def pronote_address_check(value: str, field: str) -> None:
    """``ValidationError`` unless ``value`` is empty or a base address of Pronote."""
    if not value:
        return
    if service_parts(value) is None:
        raise ValidationError({field: messages.SETTINGS_ADDRESS_REFUSED})
    if urlsplit(value).path.lower().endswith((".html", ".htm")):
        raise ValidationError({field: messages.SETTINGS_NO_PAGE_IN_BASE})


@transaction.atomic
def pronote_settings_save(
    *, settings: PronoteSettings, actor: User | None, ip_address: str | None = None
) -> PronoteSettings:
    """Saves the establishment's Pronote and registers (or updates) its CAS service."""
    pronote_address_check(settings.base_url, "base_url")
    pronote_address_check(settings.mobile_url, "mobile_url")
    settings.base_url = with_slash(settings.base_url)
    if settings.mobile_url:
        settings.mobile_url = with_slash(settings.mobile_url)
    created = settings.pk is None
    settings.full_clean()
    settings.save()
    identity_mode, attribute_profile = _RELEASES[
        PronoteSettings.Identification(settings.identification)
    ]
    establishment = settings.establishment
    service = registered_service_save(
        service=settings.registered_service,
        establishment=establishment,
        name=f"Pronote — {establishment.name}",
        url=settings.base_url,
        application=Application.objects.filter(slug=PRONOTE_TILE_SLUG).first(),
        profiles=list(PROFILES),
        attribute_profile=attribute_profile,
        identity_mode=identity_mode,
        is_active=settings.is_active,
    )
    if settings.registered_service_id != service.pk:
        settings.registered_service = service
        settings.save(update_fields=["registered_service"])
    audit_record(
        action=AuditAction.PRONOTE_SETTINGS_SAVED,
        actor=actor,
        target=settings,
        establishment=establishment,
        details={
            "created": created,
            "base_url": settings.base_url,
            "identification": settings.identification,
            "active": settings.is_active,
            "cas_service": service.pk,
        },
        ip_address=ip_address,
    )
    return settings


@transaction.atomic
def pronote_settings_delete(
    *, settings: PronoteSettings, actor: User | None, ip_address: str | None = None
) -> None:
    """The establishment has no Pronote any more: its CAS service issues no more tickets."""
    if settings.registered_service is not None:
        registered_service_deactivate(service=settings.registered_service)
    audit_record(
        action=AuditAction.PRONOTE_SETTINGS_DELETED,
        actor=actor,
        target=settings,
        establishment=settings.establishment,
        details={"base_url": settings.base_url},
        ip_address=ip_address,
    )
    settings.delete()


def _replace_links(
    establishment: Establishment, pairs: dict[int, str], source: str
) -> list[PronoteEntLink]:
    """Links each account of ``pairs`` to its identifier, replacing what either had before."""
    PronoteEntLink.objects.filter(
        Q(user_id__in=list(pairs)) | Q(identifier__in=list(pairs.values())),
        establishment=establishment,
    ).delete()
    return PronoteEntLink.objects.bulk_create(
        PronoteEntLink(
            establishment=establishment, user_id=user_id, identifier=identifier, source=source
        )
        for user_id, identifier in pairs.items()
    )


@transaction.atomic
def pronote_import_create(
    *,
    establishment: Establishment,
    name: str,
    content: bytes,
    actor: User | None,
    ip_address: str | None = None,
) -> PronoteImport:
    """Reads the file (``ValidationError``: nothing written), links the lines that fit one
    account, and keeps the others to settle by hand. A fixed number of queries."""
    export = parse_export(content)
    directory = directory_of(establishment)
    fits = {row.line: candidates(directory, row) for row in export.rows}
    lines_of_account: dict[int, list[int]] = {}
    for line, users in fits.items():
        if len(users) == 1:
            lines_of_account.setdefault(users[0], []).append(line)
    pairs: dict[int, str] = {}
    pending: list[PronoteImportRow] = []
    counts = {"matched": 0, "ambiguous": 0, "unmatched": 0}
    for row in export.rows:
        users = fits[row.line]
        if len(users) == 1 and len(lines_of_account[users[0]]) == 1:
            pairs[users[0]] = row.identifier
            counts["matched"] += 1
            continue
        if not users:
            status, reason = PronoteImportRow.Status.UNMATCHED, messages.REASON_NO_MATCH
        elif len(users) > 1:
            status, reason = PronoteImportRow.Status.AMBIGUOUS, messages.REASON_SEVERAL
        else:
            status, reason = PronoteImportRow.Status.AMBIGUOUS, messages.REASON_ACCOUNT_TAKEN
        counts["ambiguous" if users else "unmatched"] += 1
        pending.append(
            PronoteImportRow(
                line=row.line,
                last_name=row.last_name,
                first_name=row.first_name,
                birth_date=row.birth_date,
                division=row.division,
                profile=row.profile,
                identifier=row.identifier,
                status=status,
                reason=str(reason),
                candidates=users,
            )
        )
    _replace_links(establishment, pairs, PronoteEntLink.Source.IMPORT)
    pronote_import = PronoteImport.objects.create(
        establishment=establishment,
        original_name=name[:255],
        encoding=export.encoding,
        created_by=actor if actor is not None and actor.pk else None,
        row_count=len(export.rows),
        matched_count=counts["matched"],
        ambiguous_count=counts["ambiguous"],
        unmatched_count=counts["unmatched"],
    )
    for pending_row in pending:
        pending_row.pronote_import = pronote_import
    PronoteImportRow.objects.bulk_create(pending, batch_size=1000)
    audit_record(
        action=AuditAction.PRONOTE_IMPORT_DONE,
        actor=actor,
        target=pronote_import,
        establishment=establishment,
        details={"rows": len(export.rows), "encoding": export.encoding, **counts},
        ip_address=ip_address,
    )
    return pronote_import


def _open_row(row: PronoteImportRow) -> None:
    if row.status not in (PronoteImportRow.Status.AMBIGUOUS, PronoteImportRow.Status.UNMATCHED):
        raise ValidationError(messages.SETTLE_ROW_DONE)


@transaction.atomic
def pronote_row_settle(
    *, row: PronoteImportRow, user: User, actor: User | None, ip_address: str | None = None
) -> PronoteEntLink:
    """Links the line's identifier to ``user``, an account of the import's establishment."""
    _open_row(row)
    establishment = row.pronote_import.establishment
    if not account_in_establishment(establishment_id=establishment.pk, user_id=user.pk):
        raise ValidationError(messages.SETTLE_ACCOUNT_UNKNOWN)
    (link,) = _replace_links(establishment, {user.pk: row.identifier}, PronoteEntLink.Source.MANUAL)
    row.status = PronoteImportRow.Status.SETTLED
    row.settled_user = user
    row.save(update_fields=["status", "settled_user"])
    _audit_row(AuditAction.PRONOTE_LINK_MANUAL, row, actor, ip_address, {"account": user.username})
    return link


@transaction.atomic
def pronote_row_ignore(
    *, row: PronoteImportRow, actor: User | None, ip_address: str | None = None
) -> PronoteImportRow:
    """The line names nobody of Cartable (e.g. someone without an account): set aside."""
    _open_row(row)
    row.status = PronoteImportRow.Status.IGNORED
    row.save(update_fields=["status"])
    _audit_row(AuditAction.PRONOTE_LINK_MANUAL, row, actor, ip_address, {"ignored": True})
    return row


def _audit_row(
    action: AuditAction,
    row: PronoteImportRow,
    actor: User | None,
    ip_address: str | None,
    details: dict[str, Any],
) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=row.pronote_import,
        establishment=row.pronote_import.establishment,
        details={"line": row.line, "identifier": row.identifier, **details},
        ip_address=ip_address,
    )


@transaction.atomic
def ent_logins_exported(
    *, establishment: Establishment, actor: User | None, ip_address: str | None = None
) -> list[list[str]]:
    """The rows of the ENT logins export (``selectors.ent_logins_export``), audited: the file
    holds names and birth dates."""
    rows = ent_logins_export(establishment.pk)
    audit_record(
        action=AuditAction.PRONOTE_LOGINS_EXPORTED,
        actor=actor,
        establishment=establishment,
        details={"rows": len(rows)},
        ip_address=ip_address,
    )
    return rows


@transaction.atomic
def pronote_link_delete(
    *, link: PronoteEntLink, actor: User | None, ip_address: str | None = None
) -> None:
    audit_record(
        action=AuditAction.PRONOTE_LINK_DELETED,
        actor=actor,
        target=link.user,
        establishment=link.establishment,
        details={"identifier": link.identifier},
        ip_address=ip_address,
    )
    link.delete()
