"""Access control in the admin: every registered ModelAdmin, and every extra admin URL taking an
id, hides the objects of another establishment from a secretary who holds every permission. Fails
when a new ModelAdmin or admin URL appears without being checked here or allow-listed with a
reason."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, ReservedIdentifier, RosterImport, User
from activation.models import FirstConnectionLock, LetterBatch
from agenda.models import SchoolEvent
from evaluations.models import MarkBookSettings, Period
from livret.models import BulletinBatch
from messagerie.models import CommunicationRules
from outbox.models import OutboxMessage
from portal.models import Charter, CharterAcceptance
from pronote_bridge.models import PronoteEntLink, PronoteImport, PronoteSettings
from selfservice.models import AccountMerge
from sso.models import RegisteredService
from tests.access.demarches import ADMIN_EXTRA_CHECKS as DEMARCHES_ADMIN_CHECKS
from tests.access.demarches import admin_objects_of_b as demarches_objects_of_b
from tests.access.walk import REFUSED, admin_extra_routes
from tests.factories import (
    DivisionFactory,
    GuardianFactory,
    LetterFactory,
    StaffMemberFactory,
    UserFactory,
)
from vie_scolaire.models import Motive

ADMIN_ALLOW_LIST = {
    "admin:app_list": "an application's model list, not an object",
    "admin:view_on_site": "no model defines get_absolute_url: always 404",
}


def _b_account(w, username="p.compteb"):
    account = UserFactory(username=username, profile=User.Profile.PARENT)
    GuardianFactory(establishment=w["b"], account=account)
    return account


ADMIN_OBJECTS_OF_B: dict[str, Callable[[dict], object]] = {
    "pronote_bridge.PronoteSettings": lambda w: PronoteSettings.objects.create(
        establishment=w["b"], base_url="https://0170999b.index-education.net/pronote/"
    ),
    "pronote_bridge.PronoteEntLink": lambda w: PronoteEntLink.objects.create(
        establishment=w["b"], user=w["parent_b"], identifier="PRN-B", source="import"
    ),
    "pronote_bridge.PronoteImport": lambda w: PronoteImport.objects.create(
        establishment=w["b"], original_name="b.csv", encoding="UTF-8"
    ),
    "vie_scolaire.Motive": lambda w: Motive.objects.filter(establishment=w["b"]).first(),
    "agenda.SchoolEvent": lambda w: SchoolEvent.objects.get(pk=w["school_event_b"].pk),
    "sso.RegisteredService": lambda w: RegisteredService.objects.create(
        establishment=w["b"], name="Pronote B", url="https://pronote-b.example/pronote/"
    ),
    "accounts.Establishment": lambda w: w["b"],
    "messagerie.CommunicationRules": lambda w: CommunicationRules.objects.create(
        establishment=w["b"]
    ),
    "accounts.Division": lambda w: DivisionFactory(establishment=w["b"]),
    "accounts.Pupil": lambda w: w["pupil_b"],
    "accounts.Guardian": lambda w: w["guardian_b"],
    "accounts.StaffMember": lambda w: StaffMemberFactory(establishment=w["b"]),
    "accounts.User": lambda w: w["parent_b"],
    "accounts.ReservedIdentifier": lambda w: ReservedIdentifier.objects.create(
        value="p.parentb", base="p.parentb"
    ),
    "accounts.AuditEvent": lambda w: AuditEvent.objects.create(
        action="test.b", establishment=w["b"]
    ),
    "account.EmailAddress": lambda w: EmailAddress.objects.create(
        user=w["parent_b"], email="b@example.org"
    ),
    "accounts.RosterImport": lambda w: RosterImport.objects.create(
        establishment=w["b"], file="imports/b.xml", original_name="b.xml"
    ),
    "portal.CharterAcceptance": lambda w: CharterAcceptance.objects.create(
        user=w["parent_b"],
        charter=Charter.objects.order_by("-version").first()
        or Charter.objects.create(version=1, title="Charte", body="Texte"),
        accepted_at=timezone.now(),
    ),
    "activation.LetterBatch": lambda w: LetterBatch.objects.create(
        establishment=w["b"], scope="school"
    ),
    "activation.Letter": lambda w: LetterFactory(pupil=w["pupil_b"]),
    "activation.FirstConnectionLock": lambda w: FirstConnectionLock.objects.create(
        establishment=w["b"],
        reason="ip",
        ip_address="192.0.2.1",
        locked_until=timezone.now() + datetime.timedelta(minutes=5),
    ),
    "outbox.OutboxMessage": lambda w: OutboxMessage.objects.create(
        idempotency_key="b", to="b@example.org", body="x"
    ),
    "selfservice.AccountMerge": lambda w: AccountMerge.objects.create(
        establishment=w["b"],
        survivor=w["parent_b"],
        absorbed=_b_account(w),
        absorbed_previous_state="active",
    ),
    "recovery.EmergencyAccessRequest": lambda w: _emergency_request(w),
    "mfa.Authenticator": lambda w: _authenticator(w),
    "evaluations.Period": lambda w: Period.objects.create(
        establishment=w["b"],
        school_year=w["b"].school_year,
        number=1,
        starts_on=datetime.date(w["b"].school_year, 9, 1),
        ends_on=datetime.date(w["b"].school_year, 11, 30),
    ),
    "evaluations.MarkBookSettings": lambda w: MarkBookSettings.objects.create(establishment=w["b"]),
    "livret.BulletinBatch": lambda w: BulletinBatch.objects.create(
        establishment=w["b"], division_code="5 B", period_label="1er trimestre 2026-2027"
    ),
    "socialaccount.SocialAccount": lambda w: _social_account(w),
    "socialaccount.SocialToken": lambda w: _social_token(w),
    **demarches_objects_of_b(),
}


def _emergency_request(w):
    from recovery.models import EmergencyAccessRequest

    return EmergencyAccessRequest.objects.create(
        establishment=w["b"],
        pupil=w["pupil_b"],
        last_name="ELEVE",
        first_name="B",
        division_label="5 B",
        birth_date=datetime.date(2013, 5, 17),
    )


def _authenticator(w):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=w["parent_b"],
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "00", "used_mask": 0},
    )


def _social_account(w):
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.get_or_create(
        user=w["parent_b"], provider="franceconnect", uid="b-uid"
    )[0]


def _social_token(w):
    from allauth.socialaccount.models import SocialApp, SocialToken

    app = SocialApp.objects.create(
        provider="franceconnect", name="FranceConnect (test)", client_id="x"
    )
    return SocialToken.objects.create(app=app, account=_social_account(w), token="jeton-b")


# Shared by every school: nothing of another establishment to hide.
ADMIN_MODELS_NOT_SCOPED = {
    "auth.Group": "roles (Secrétariat…), the same for every school",
    "dsfr.DsfrConfig": "site-wide DSFR settings",
    "portal.Charter": "one charte informatique for the whole portal",
    "apps_catalog.Category": "the académie's application catalogue",
    "apps_catalog.Application": "the académie's application catalogue",
    "socialaccount.SocialApp": "the FranceConnect provider settings, one for the portal",
}
# Extra admin URLs taking an id: url name → (model whose object of B is passed, kwarg name).
ADMIN_EXTRA_CHECKS = {
    "admin:activation_letterbatch_pdf": ("activation.LetterBatch", "batch_id"),
    "admin:livret_bulletinbatch_pdf": ("livret.BulletinBatch", "batch_id"),
    "admin:auth_user_password_change": ("accounts.User", "id"),  # Django names it auth_user_…
    **DEMARCHES_ADMIN_CHECKS,
}


# allauth's own admins that nobody has scoped yet: a secretary holding their permissions opens
# another school's objects. Checked by the strict xfail below, which fails once they are fixed.
# allauth's own admins (TOTP authenticators, FranceConnect links) are re-registered for superusers
# only by staff_otp/admin.py; nothing is known to be unscoped.
KNOWN_UNSCOPED_ADMINS: dict[str, str] = {}


def _admin_leaks(client, world, secretary, labels) -> list[str]:
    registered = {model._meta.label for model in admin.site._registry}
    client.force_login(secretary)
    leaks = []
    for label in sorted(labels & registered):
        obj = ADMIN_OBJECTS_OF_B[label](world)
        opts = obj._meta
        for view in ("change", "history", "delete"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
            response = client.get(url)
            redirected_elsewhere = response.status_code == 302 and not response[
                "Location"
            ].startswith(url)
            if not (response.status_code in REFUSED or redirected_elsewhere):
                leaks.append(f"{label} {view}: {response.status_code}")
    return leaks


def test_every_model_admin_hides_the_objects_of_another_school(
    client, world, secretary_a, admin_client
):
    registered = {model._meta.label for model in admin.site._registry}
    unknown = registered - set(ADMIN_OBJECTS_OF_B) - set(ADMIN_MODELS_NOT_SCOPED)
    assert not unknown, (
        f"ModelAdmin(s) sans contrôle de périmètre testé : {sorted(unknown)}. Ajoutez un objet de "
        "l'établissement B dans ADMIN_OBJECTS_OF_B (ou ADMIN_MODELS_NOT_SCOPED avec la raison)."
    )
    checked = set(ADMIN_OBJECTS_OF_B) - set(KNOWN_UNSCOPED_ADMINS)
    leaks = _admin_leaks(client, world, secretary_a, checked)
    assert not leaks, f"Objets d'un autre établissement visibles : {leaks}"
    # Positive control: a superuser opens each page, so the refusals above are the scoping.
    for label in sorted(checked & registered):
        obj = apps.get_model(label)._default_manager.order_by("-pk").first()
        opts = obj._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, f"{label}: contrôle positif"


def test_extra_admin_object_urls_are_scoped_too(client, world, secretary_a):
    extra = admin_extra_routes()
    unknown = set(extra) - set(ADMIN_EXTRA_CHECKS) - set(ADMIN_ALLOW_LIST)
    assert not unknown, (
        f"URL(s) d'administration prenant un identifiant sans test : {sorted(unknown)}"
    )
    client.force_login(secretary_a)
    for name, (label, kwarg) in ADMIN_EXTRA_CHECKS.items():
        obj = ADMIN_OBJECTS_OF_B[label](world) if label != "accounts.User" else world["parent_b"]
        response = client.get(reverse(name, kwargs={kwarg: obj.pk}))
        assert response.status_code in REFUSED | {302}, f"{name}: {response.status_code}"
        if response.status_code == 302:
            assert str(obj.pk) not in response["Location"].split("?")[0], name
