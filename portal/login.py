"""The two login pages (allauth's LoginView with our template and form), the academic help pages,
redirects to the EduConnect recovery and creation flows, and "Se déconnecter de partout"."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import RedirectView

from accounts.forms import AcademicLoginForm, EduConnectLoginForm
from core.http import client_ip

from . import messages as texts
from . import selectors as portal_selectors
from .entry import ENTRY_PROFILES_BY_KEY, ESTABLISHMENT_TYPES, establishment_type_from
from .services import user_sessions_revoke


class PortalLoginView(LoginView):
    """allauth's login view; only the form class and the template differ per entry page."""

    def get_form_class(self):
        # ACCOUNT_FORMS["login"] would otherwise replace the page's own form.
        return self.form_class

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        establishment_type = establishment_type_from(self.request.GET.get("type"))
        context.update(
            {
                "establishment_type": establishment_type,
                "establishment_type_label": ESTABLISHMENT_TYPES[establishment_type],
                "entry_profile": ENTRY_PROFILES_BY_KEY.get(self.request.GET.get("profil", "")),
            }
        )
        return context


class EduConnectLoginView(PortalLoginView):
    form_class = EduConnectLoginForm
    template_name = "account/login_educonnect.html"


class AcademicLoginView(PortalLoginView):
    form_class = AcademicLoginForm
    template_name = "account/login_academic.html"


login_educonnect = EduConnectLoginView.as_view()
login_academic = AcademicLoginView.as_view()


def _help_page(template_name: str):
    @require_http_methods(["GET", "HEAD"])
    def view(request):
        uai = request.GET.get("etablissement", "")
        return render(
            request,
            template_name,
            {
                "establishments": portal_selectors.establishments_for_contact(),
                "chosen_establishment": portal_selectors.establishment_by_uai(uai=uai),
                "chosen_uai": uai,
            },
        )

    return view


# The EduConnect flows (activation and recovery apps) answer these three links of the login page.
forgotten_identifier = RedirectView.as_view(pattern_name="recovery:identifier_forgotten")
forgotten_password = RedirectView.as_view(pattern_name="recovery:password_forgotten")
no_identifier_yet = RedirectView.as_view(pattern_name="activation:no_identifier")
academic_help = _help_page("account/help_academic.html")
connection_help = _help_page("account/help_connection.html")
academic_forgotten = _help_page("account/help_academic_forgotten.html")


@require_POST
@login_required
def logout_everywhere(request):
    user_sessions_revoke(user=request.user, ip_address=client_ip(request))
    get_adapter(request).logout(request)
    messages.success(request, texts.LOGGED_OUT_EVERYWHERE)
    return redirect("portal:services_en_ligne")
