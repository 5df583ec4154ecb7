"""Form fields shared by every app."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from . import messages
from .phones import phone_display, phone_e164
from .validators import validate_public_email


class PublicEmailField(forms.EmailField):
    """Every e-mail input whose address the portal will mail: no ``localhost``, no IP literal, no
    domain without a dot (``validators.validate_public_email``)."""

    default_validators = [*forms.EmailField.default_validators, validate_public_email]


class PhoneField(forms.CharField):
    """Every phone input of the portal: any usual spelling (06 12 34 56 78, 06.12.34.56.78,
    +33 6 12 34 56 78, 0033612345678, 0692 12 34 56 for La Réunion…), cleaned to E.164 by the
    same reading as the roster import (``core.phones``)."""

    default_error_messages = {"invalid": messages.PHONE_INVALID}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def prepare_value(self, value: Any) -> Any:
        # A stored number (E.164, or a PhoneNumber object) is shown as people write it.
        if value and (not isinstance(value, str) or value.startswith("+")):
            return phone_display(value)
        return value

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        phone = phone_e164(value)
        if phone is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return phone


class BirthDateField(forms.DateField):
    """A child's (or one's own) birth date, typed by hand or with the browser's date picker."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": messages.BIRTH_DATE_INVALID,
        "required": messages.BIRTH_DATE_REQUIRED,
        "future": messages.BIRTH_DATE_IN_FUTURE,
    }

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > datetime.date.today():  # noqa: DTZ011 - a calendar date typed by a person
            raise ValidationError(self.error_messages["future"], code="future")
