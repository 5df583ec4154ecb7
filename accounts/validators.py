"""The EduConnect password rule: 8+ characters and 3 of the 4 classes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import messages

SPECIAL_CHARACTERS = "!?@#$%^&*<>£µ.;,"
MIN_LENGTH = 8
MAX_LENGTH = 128


def password_classes(password: str) -> dict[str, bool]:
    return {
        "lower": any(c.islower() for c in password),
        "upper": any(c.isupper() for c in password),
        "digit": any(c.isdigit() for c in password),
        "special": any(c in SPECIAL_CHARACTERS for c in password),
    }


class EduConnectPasswordValidator:
    """Names each failed rule, so the user knows what to change."""

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < MIN_LENGTH:
            errors.append(
                ValidationError(
                    messages.PASSWORD_TOO_SHORT,
                    code="password_too_short",
                    params={"min": MIN_LENGTH},
                )
            )
        if len(password) > MAX_LENGTH:
            errors.append(
                ValidationError(
                    messages.PASSWORD_TOO_LONG,
                    code="password_too_long",
                    params={"max": MAX_LENGTH},
                )
            )
        classes = password_classes(password)
        if sum(classes.values()) < 3:
            missing: list[str] = []
            if not classes["lower"]:
                missing.append(str(messages.CRITERION_LOWERCASE))
            if not classes["upper"]:
                missing.append(str(messages.CRITERION_UPPERCASE))
            if not classes["digit"]:
                missing.append(str(messages.CRITERION_DIGIT))
            if not classes["special"]:
                missing.append(messages.criterion_special_character(" ".join(SPECIAL_CHARACTERS)))
            errors.append(
                ValidationError(
                    messages.PASSWORD_CRITERIA_MISSING,
                    code="password_classes",
                    params={"missing": ", ".join(missing)},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "Au moins 8 caractères, avec au moins 3 des 4 critères suivants : une minuscule, "
            "une majuscule, un chiffre, un caractère spécial parmi %(chars)s."
        ) % {"chars": " ".join(SPECIAL_CHARACTERS)}
