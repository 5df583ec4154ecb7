from django import forms


class CharterAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label="J'ai lu et j'accepte la charte",
        error_messages={
            "required": "Cochez la case « J'ai lu et j'accepte la charte » pour continuer."
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
