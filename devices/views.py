"""Mon compte > Mes appareils (computer side), the pairing pages the phone opens, and the web app
manifest. Thin views: a form, one service, a message, a redirect."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import conf as core_conf
from core.http import client_ip
from core.links import public_reverse
from core.ratelimit import RateLimited
from staff_otp.adapter import may_use_totp

from . import conf, selectors
from . import messages as texts
from .forms import DeviceNameForm, PairingCodeForm
from .qr import qr_svg
from .services.devices import SESSION_DEVICE_KEY, device_rename, device_revoke
from .services.pairing import Outcome, device_pairing_redeem, device_pairing_start

# The computer keeps the pairing it shows (id and token) for its QR code page, as Django's
# password reset keeps its token in the session: never in a URL, never in the database.
SESSION_SHOWN_KEY = "devices_pairing_shown"
# The phone keeps the link's token between the link and the code page (out of its history).
SESSION_TOKEN_KEY = "devices_pairing_token"  # noqa: S105 - a session key, not a secret
# The account's own backend: the session then behaves as any other (get_user, session hash).
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _is_device_session(request) -> bool:
    return request.session.get(SESSION_DEVICE_KEY) is not None


def _render(request, template: str, context: dict | None = None, *, status: int = 200):
    context = {
        "section": "appareils",
        "account": request.user,
        "may_use_totp": may_use_totp(request.user),
        **(context or {}),
    }
    return render(request, f"devices/{template}", context, status=status)


# --- Mon compte > Mes appareils -----------------------------------------------------------------


@never_cache
@login_required
@require_GET
def device_list(request):
    return _render(
        request,
        "devices.html",
        {
            "devices": selectors.devices_of_account(user=request.user),
            "current_device_id": request.session.get(SESSION_DEVICE_KEY),
            "from_device": _is_device_session(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pairing_start(request):
    if _is_device_session(request):
        return _render(request, "pairing_start.html", {"refused": texts.PAIRING_FROM_DEVICE})
    form = PairingCodeForm(
        request.POST or None,
        help_text="4 lettres ou chiffres de votre choix. Ce code vous sera demandé sur le "
        "téléphone ; il est valable 10 minutes.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            started = device_pairing_start(
                account=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except RateLimited:
            form.add_error(None, texts.PAIRING_RATE_LIMITED)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            request.session[SESSION_SHOWN_KEY] = {
                "id": started.pairing.pk,
                "token": started.token,
            }
            return redirect("devices:pairing_qr")
    return _render(request, "pairing_start.html", {"form": form})


@never_cache
@login_required
@require_GET
def pairing_qr(request):
    shown = request.session.get(SESSION_SHOWN_KEY) or {}
    found = (
        selectors.pairing_of_account(user=request.user, pairing_id=int(shown["id"]))
        if shown.get("id")
        else None
    )
    if found is None:
        return redirect("devices:pairing_start")
    context: dict = {"shown": found, "state": found.state.value}
    if found.state is selectors.PairingState.WAITING:
        link = public_reverse("devices:phone_link", shown["token"])
        context.update(
            {
                "link": link,
                "qr": qr_svg(link, title="QR code de connexion du téléphone à Cartable"),
                "expires_at": found.pairing.expires_at,
                "minutes": int(conf.PAIRING_LIFETIME.total_seconds() // 60),
            }
        )
    else:
        request.session.pop(SESSION_SHOWN_KEY, None)
    return _render(request, "pairing_qr.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def device_rename_view(request, device_id: int):
    device = selectors.device_of_account(user=request.user, device_id=device_id)
    form = DeviceNameForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        try:
            device_rename(account=request.user, device_id=device.pk, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, texts.DEVICE_RENAMED)
            return redirect("devices:device_list")
    return _render(request, "rename.html", {"form": form, "device": device})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def device_revoke_view(request, device_id: int):
    device = selectors.device_of_account(user=request.user, device_id=device_id)
    current = request.session.get(SESSION_DEVICE_KEY) == device.pk
    if request.method == "POST":
        device_revoke(account=request.user, device_id=device.pk, ip=client_ip(request))
        if current:
            # This very phone: its session ends now (the middleware would end it next request).
            request.session.pop(SESSION_DEVICE_KEY, None)
            logout(request)
            messages.info(request, texts.THIS_DEVICE_REVOKED)
            return redirect("portal:services_en_ligne")
        messages.success(request, texts.device_revoked(device.name))
        return redirect("devices:device_list")
    return _render(request, "revoke.html", {"device": device, "current": current})


# --- On the phone -----------------------------------------------------------------------------


def _phone_page(request, template: str, context: dict | None = None, *, status: int = 200):
    return render(request, f"devices/{template}", context or {}, status=status)


@never_cache
@require_GET
def phone_link(request, token: str):
    """The QR code's link: checked (nothing written), its token moved into the session, and the
    phone sent on to the code page, so the token leaves the address bar and the history."""
    if request.user.is_authenticated:
        return _phone_page(request, "phone_already_connected.html", status=409)
    if selectors.pairing_pending(token=token) is None:
        return _phone_page(request, "phone_link_invalid.html", status=410)
    request.session[SESSION_TOKEN_KEY] = token
    return redirect("devices:phone_code")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def phone_code(request):
    token = request.session.get(SESSION_TOKEN_KEY)
    if not token:
        return _phone_page(request, "phone_link_invalid.html", status=410)
    if request.user.is_authenticated:
        return _phone_page(request, "phone_already_connected.html", status=409)
    form = PairingCodeForm(
        request.POST or None,
        help_text="Le code de 4 lettres ou chiffres que vous avez choisi sur l'ordinateur.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = device_pairing_redeem(
                token=token,
                code=form.cleaned_data["code"],
                user_agent=request.headers.get("user-agent", ""),
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, texts.CODE_RATE_LIMITED)
        else:
            if result.outcome is Outcome.PAIRED and result.device is not None:
                request.session.pop(SESSION_TOKEN_KEY, None)
                login(request, result.device.user, backend=LOGIN_BACKEND)
                request.session[SESSION_DEVICE_KEY] = result.device.pk
                # A persistent cookie: the session survives the browser's restarts, and each
                # use (devices.middleware) gives it its full idle delay again.
                request.session.set_expiry(int(conf.device_idle_lifetime().total_seconds()))
                messages.success(request, texts.PAIRED)
                return redirect("portal:dashboard")
            if result.outcome is Outcome.WRONG_CODE:
                form.add_error("code", texts.code_wrong(result.tries_left))
            else:
                request.session.pop(SESSION_TOKEN_KEY, None)
                refused = result.outcome is Outcome.REFUSED
                return _phone_page(
                    request, "phone_link_invalid.html", {"refused": refused}, status=410
                )
    return _phone_page(request, "phone_code.html", {"form": form})


# --- Web app manifest ---------------------------------------------------------------------------

THEME_COLOUR = "#000091"  # DSFR "bleu France" (--background-action-high-blue-france)
BACKGROUND_COLOUR = "#ffffff"


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def manifest(request):
    """What a phone needs to put Cartable on its home screen (W3C Web App Manifest)."""
    name = core_conf.portal_name()
    body = {
        "id": reverse("portal:dashboard"),
        "name": f"{name} — Services en ligne",
        "short_name": name,
        "description": f"Services en ligne des collèges — Académie de {core_conf.academie()}",
        "lang": "fr",
        "dir": "ltr",
        "start_url": reverse("portal:dashboard"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(f"img/app/{file}"), "sizes": sizes, "type": "image/png", "purpose": p}
            for file, sizes, p in (
                ("icon-192.png", "192x192", "any"),
                ("icon-512.png", "512x512", "any"),
                ("icon-maskable-512.png", "512x512", "maskable"),
            )
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )
