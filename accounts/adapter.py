"""django-allauth customisation point: accounts come from the roster, never from sign-up."""

from allauth.account.adapter import DefaultAccountAdapter

GENERIC_LOGIN_ERROR = "Identifiant ou mot de passe incorrect."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": GENERIC_LOGIN_ERROR,
        "invalid_login": GENERIC_LOGIN_ERROR,
        "account_inactive": GENERIC_LOGIN_ERROR,
        "too_many_login_attempts": (
            "Trop de tentatives de connexion ont échoué pour cet identifiant. "
            "Pour votre sécurité, réessayez dans quelques minutes."
        ),
        "rate_limited": "Trop de demandes en peu de temps. Patientez un instant puis réessayez.",
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def count_refused_login(self, request, *, username: str) -> None:
        """Counts a login refused by the portal (right password, wrong portal or closed account)
        as a failed attempt, like a wrong password, so the rate limit cannot tell them apart.

        Raises the "too many attempts" error once the limit is reached, as a wrong password does.
        """
        self.pre_authenticate(request, username=username)
