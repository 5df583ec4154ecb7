from allauth.account.forms import LoginForm


class PortalLoginForm(LoginForm):
    pass
