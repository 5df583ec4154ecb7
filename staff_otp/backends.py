"""The passcode backend: "Mot de passe ou passecode OTP" on the academic login form."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import services as otp_services


class StaffPasscodeBackend(ModelBackend):
    """ "Mot de passe ou passecode OTP": a staff account with a TOTP authenticator may type a
    current 6-digit passcode instead of its password.

    Any other value, account or profile falls through (``None``) to the password backends, so a
    refusal looks like a wrong password and costs one failed attempt in allauth's login limit.
    A passcode is accepted once (its time step is recorded on the authenticator) and failed
    passcodes also count against the account's daily allowance (``otp_login_failed``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        code = otp_services.normalize_code(password)
        if not otp_services.PASSCODE_RE.match(code):
            return None
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        return otp_services.passcode_login(request=request, user=user, code=code)
