from django import forms

from . import messages


class CharterAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label="J'ai lu et j'accepte la charte",
        error_messages={"required": messages.CHARTER_ACCEPT_REQUIRED},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
