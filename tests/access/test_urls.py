"""Access control everywhere: every URL that takes an object id, asked by someone who must not
see that object, answers 404/403 (or a redirect that shows nothing of it).

This part walks the project's URL patterns (admin excluded); test_admin.py walks the registered
ModelAdmins with an object of another establishment, as a secretary who holds every permission.

Both fail when a new pattern or a new ModelAdmin appears without being checked here or
allow-listed with a reason: adding an object page means adding its line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.access.actualites import NEWS_CHECKS
from tests.access.agenda import agenda_checks
from tests.access.bureau import bureau_checks
from tests.access.cahier_checks import cahier_checks
from tests.access.carnet import carnet_checks
from tests.access.demarches import demarches_checks
from tests.access.evaluations import notes_checks
from tests.access.livret import livret_checks
from tests.access.vie_scolaire import VIE_SCOLAIRE_CHECKS
from tests.access.walk import REFUSED, object_routes

ALLOW_LIST = {
    "account_confirm_email": "allauth token link (a random key, not an object id); an unknown key gets "
    "allauth's invalid-link page",
    "account_reset_password_from_key": "allauth password-reset token link: uid + HMAC key, checked by allauth",
    "activation:email_confirm": "single-use token (only its SHA-256 is stored); unknown → 410 page",
    "selfservice:account_email_change_confirm": "single-use token of an e-mail change; unknown → 410 page",
    "recovery:password_link": "single-use password-recovery token mailed to a confirmed address",
    "selfservice:account_email_change_cancel": "signed token mailed to the old address; cancels "
    "one pending change once, shows nothing of the account",
    "franceconnect_callback": "the provider's id (not an object); the OIDC callback checks state, "
    "nonce and the signatures",
    "messagerie:folder": "a folder's name (réception, envoyés…), always of the user's own "
    "mailbox; an unknown name → 404",
    "agenda:feed": "the secret address of a user's iCalendar feed (a 256-bit token, only its "
    "SHA-256 stored, looked up by digest); unknown or revoked → 404 (tests/agenda/test_feed.py)",
    "devices:phone_link": "one-time pairing token of a QR code (only its SHA-256 is stored, 10 "
    "minutes, 3 tries of the code); unknown, used or expired → 410 page, nothing shown",
}


@dataclass(frozen=True)
class ObjectCheck:
    """``viewer`` must be refused ``forbidden`` kwargs; ``owner`` gets ``allowed`` (proves the URL works)."""

    viewer: str
    forbidden: Callable[[dict], dict]
    owner: str
    allowed: Callable[[dict], dict]
    owner_status: int = 200


OBJECT_CHECKS: dict[str, ObjectCheck] = {
    "selfservice:fiche_edit": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"guardian_id": w["guardian_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"guardian_id": w["guardian_b"].pk},
    ),
    # Scolarité services: a child's pages, for another family's child.
    **{
        f"teleservices:{name}": ObjectCheck(
            viewer="parent_a",
            forbidden=lambda w: {"pupil_id": w["pupil_b"].pk},
            owner="parent_b",
            allowed=lambda w: {"pupil_id": w["pupil_b"].pk},
        )
        for name in ("child_home", "vie_scolaire", "cahier", "notes", "livret")
    },
    "devices:device_rename": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"device_id": w["device_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"device_id": w["device_b"].pk},
    ),
    "devices:device_revoke": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"device_id": w["device_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"device_id": w["device_b"].pk},
    ),
    # Informations (tests/access/actualites.py).
    **{name: ObjectCheck(*fields) for name, fields in NEWS_CHECKS.items()},
    # Vie scolaire (tests/access/vie_scolaire.py): the staff's pages and the families' writes.
    **{name: ObjectCheck(**check) for name, check in VIE_SCOLAIRE_CHECKS.items()},
    # Mes courriels: parent B's message, attachment and draft, asked by parent A.
    "messagerie:message": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"pk": w["mail_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"pk": w["mail_b"].pk},
    ),
    **{
        f"messagerie:message_action#{action}": ObjectCheck(
            viewer="parent_a",
            forbidden=lambda w, action=action: {"pk": w["mail_b"].pk, "action": action},
            owner="parent_b",
            allowed=lambda w, action=action: {"pk": w["mail_b"].pk, "action": action},
            owner_status=405,  # POST only; the positive POSTs are in tests/messagerie
        )
        for action in (
            "repondre",
            "repondre-a-tous",
            "transferer",
            "corbeille",
            "restaurer",
            "supprimer",
            "non-lu",
        )
    },  # fmt: skip
    "messagerie:attachment": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"pk": w["mail_attachment_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"pk": w["mail_attachment_b"].pk},
    ),
    "messagerie:draft": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"pk": w["draft_b"].pk},
        owner="parent_b",
        allowed=lambda w: {"pk": w["draft_b"].pk},
    ),
    **{
        f"messagerie:{name}": ObjectCheck(
            viewer="parent_a",
            forbidden=lambda w: {"pk": w["draft_b"].pk},
            owner="parent_b",
            allowed=lambda w: {"pk": w["draft_b"].pk},
            owner_status=405,
        )
        for name in ("draft_confirm", "draft_discard")
    },
    "sso:open": ObjectCheck(
        viewer="parent_a",
        forbidden=lambda w: {"slug": w["teachers_app"].slug},
        owner="teacher",
        allowed=lambda w: {"slug": w["teachers_app"].slug},
        owner_status=302,
    ),
    **cahier_checks(ObjectCheck),
    **bureau_checks(ObjectCheck),
    **carnet_checks(ObjectCheck),
    **agenda_checks(ObjectCheck),
    **notes_checks(ObjectCheck),
    **livret_checks(ObjectCheck),
    **demarches_checks(ObjectCheck),
}


def test_every_object_url_refuses_whoever_must_not_see_it(client, world):
    routes = object_routes()
    checked = {name.split("#")[0] for name in OBJECT_CHECKS}
    unknown = set(routes) - checked - set(ALLOW_LIST)
    assert not unknown, (
        f"URL(s) prenant un identifiant d'objet sans contrôle d'accès testé : {sorted(unknown)}. "
        "Ajoutez-les à OBJECT_CHECKS (ou à ALLOW_LIST avec la raison) dans tests/access/."
    )
    stale = (checked | set(ALLOW_LIST)) - set(routes)
    assert not stale, f"Entrées sans URL correspondante : {sorted(stale)}"

    for name, check in OBJECT_CHECKS.items():
        client.force_login(world[check.viewer])
        name = name.split("#")[0]  # one route checked with several arguments
        url = reverse(name, kwargs=check.forbidden(world))
        # A POST to a GET-only page (a GET to a POST-only one) gets 405, which shows nothing.
        get_refused = REFUSED | {405} if check.owner_status == 405 else REFUSED
        for method, refused in ((client.get, get_refused), (client.post, REFUSED | {405})):
            response = method(url)
            assert response.status_code in refused, (
                f"{name} ({url}) : {response.status_code} pour {check.viewer}"
            )
        client.force_login(world[check.owner])
        allowed = client.get(reverse(name, kwargs=check.allowed(world)))
        assert allowed.status_code == check.owner_status, (
            f"{name} : contrôle positif {allowed.status_code}"
        )


def test_the_walk_sees_the_patterns_it_claims_to_check():
    routes = object_routes()
    assert (
        "selfservice:fiche_edit" in routes
        and "<int:guardian_id>" in routes["selfservice:fiche_edit"].route
    )


# The CAS endpoints take no object id but hand out identities: each is checked here, and a new
# one must be added. What they answer someone holding no valid ticket for a registered service.
CAS_ROUTES = {
    "sso:cas_login": ("get", {"service": "https://evil.example/"}, {403}),
    "sso:cas_logout": ("get", {"service": "https://evil.example/"}, {200}),
    "sso:cas_validate": ("get", {"service": "https://evil.example/", "ticket": "ST-forged"}, {200}),
    "sso:cas_service_validate": ("get", {"service": "https://x.example/", "ticket": "ST-x"}, {200}),
    "sso:cas_proxy_validate": ("get", {"service": "https://x.example/", "ticket": "ST-x"}, {200}),
    "sso:cas_p3_service_validate": (
        "get",
        {"service": "https://x.example/", "ticket": "ST-x"},
        {200},
    ),
    "sso:cas_p3_proxy_validate": (
        "get",
        {"service": "https://x.example/", "ticket": "ST-x"},
        {200},
    ),
    "sso:cas_saml_validate": ("post", {"TARGET": "https://x.example/"}, {200}),
}


def test_every_cas_endpoint_gives_nothing_without_a_valid_ticket(client, world):
    from django.urls import get_resolver

    from tests.access.walk import _walk

    walked = {
        route.name
        for route, _ in _walk(get_resolver().url_patterns)
        if route.route.startswith("cas/")
    }
    assert walked == set(CAS_ROUTES), f"Ajoutez à CAS_ROUTES : {sorted(walked - set(CAS_ROUTES))}"
    for viewer in (None, world["parent_a"]):
        if viewer is not None:
            client.force_login(viewer)
        for name, (method, params, expected) in CAS_ROUTES.items():
            if method == "get":
                response = client.get(reverse(name), params)
            else:
                response = client.post(
                    f"{reverse(name)}?TARGET={params['TARGET']}", b"<x/>", content_type="text/xml"
                )
            assert response.status_code in expected, f"{name} : {response.status_code}"
            body = response.content.decode()
            assert "ticket=ST-" not in response.get("Location", "")
            assert "authenticationSuccess" not in body and "samlp:Success" not in body
            if name not in {"sso:cas_login", "sso:cas_logout"}:  # pages with the account's header
                assert "p.parenta" not in body
            assert not body.startswith("yes")


# The Pronote pages take an establishment in their query string: only one of the user's own.
def test_pronote_pages_open_only_the_user_s_own_establishment(client, world, secretary_a):
    from pronote_bridge.models import PronoteSettings
    from pronote_bridge.services import pronote_settings_save

    for school, host in ((world["a"], "0860123x"), (world["b"], "0170999b")):
        pronote_settings_save(
            settings=PronoteSettings(
                establishment=school, base_url=f"https://{host}.index-education.net/pronote/"
            ),
            actor=None,
        )
    open_url, mobile_url = reverse("pronote_bridge:open"), reverse("pronote_bridge:mobile")
    for url in (open_url, mobile_url):
        assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(world["parent_a"])
    assert client.get(open_url, {"etablissement": world["b"].pk}).status_code in REFUSED
    mine = client.get(open_url, {"etablissement": world["a"].pk})
    assert "0860123x.index-education.net" in mine["Location"]
    assert "0170999b" not in client.get(mobile_url).content.decode()
    # The secretariat's export of the ENT logins: never another school's.
    client.force_login(secretary_a)
    export = reverse("admin:pronote_bridge_pronoteimport_export")
    assert client.get(export, {"etablissement": world["b"].pk}).status_code in REFUSED
    assert "p.parenta" in client.get(export).content.decode("utf-8")
