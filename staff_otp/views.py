"""Mon compte personnel — sécurité, and the passcode check in front of the admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import messages as texts
from . import services
from .adapter import may_use_totp
from .forms import PasscodeForm
from .selectors import security_overview


def _safe_next(request, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return default


def _staff_only(request) -> None:
    if not may_use_totp(request.user):
        raise Http404("Page réservée aux personnels.")


@login_required
@require_http_methods(["GET", "HEAD"])
def security(request):
    _staff_only(request)
    return render(
        request,
        "staff_otp/security.html",
        {
            "overview": security_overview(user=request.user),
            "next_url": _safe_next(request, ""),
            "otp_verified": services.session_is_verified(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def passcode(request):
    _staff_only(request)
    next_url = _safe_next(request, reverse("admin:index"))
    if not services.totp_enrolled(request.user):
        return redirect(f"{reverse('staff_otp:security')}?next={next_url}")
    form = PasscodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if services.session_otp_verify(
                request=request, user=request.user, code=form.cleaned_data["code"]
            ):
                messages.success(request, texts.PASSCODE_VERIFIED)
                return redirect(next_url)
            form.add_error("code", texts.PASSCODE_INCORRECT)
        except services.RateLimited:
            form.add_error(None, texts.TOO_MANY_PASSCODES)
            status = 429
    return render(
        request, "staff_otp/otp_passcode.html", {"form": form, "next_url": next_url}, status=status
    )
