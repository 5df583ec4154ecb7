"""The forms of Informations: a news (title, body, image, audience, dates) and the direction's
decision. Messages in ``messages.py``."""

from __future__ import annotations

import html as html_module
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import html
from core.uploads import upload_check

from . import conf, messages
from .models import News
from .selectors import AudienceOptions
from .services import NewsContent, NewsImage

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z]")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class _DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = DATE_FORMATS


class NewsForm(forms.Form):
    title = forms.CharField(
        label="Titre",
        max_length=200,
        error_messages={"required": messages.TITLE_REQUIRED},
    )
    body = forms.CharField(
        label="Texte",
        help_text="Texte simple (une ligne vide sépare deux paragraphes) ou HTML simple : "
        "paragraphes, gras, italique, listes, liens.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": messages.BODY_REQUIRED},
    )
    audience = forms.ChoiceField(
        label="Destinataires",
        error_messages={
            "required": messages.AUDIENCE_REQUIRED,
            "invalid_choice": messages.AUDIENCE_UNKNOWN,
        },
    )
    publish_on = _DateField(
        label="Publiée à partir du",
        error_messages={"required": messages.PUBLISH_ON_REQUIRED, "invalid": messages.DATE_INVALID},
    )
    expires_on = _DateField(
        label="Publiée jusqu'au",
        help_text="Dernier jour où l'information est affichée.",
        error_messages={"required": messages.EXPIRES_ON_REQUIRED, "invalid": messages.DATE_INVALID},
    )
    image = forms.FileField(
        label="Image (facultative)",
        help_text="JPEG, PNG ou WebP, 2 Mo au maximum.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = forms.CharField(
        label="Description de l'image (facultative)",
        help_text="Ce que montre l'image, lu aux personnes qui ne la voient pas.",
        max_length=250,
        required=False,
    )
    remove_image = forms.BooleanField(label="Retirer l'image actuelle", required=False)

    def __init__(self, *args: Any, options: AudienceOptions, news: News | None = None, **kwargs):
        if news is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": news.title,
                "body": _editable(news.body),
                "audience": _audience_value(news),
                "publish_on": news.publish_on,
                "expires_on": news.expires_on,
                "image_alt": news.image_alt,
            }
        elif news is None:
            today = timezone.localdate()
            kwargs.setdefault(
                "initial", {"publish_on": today, "expires_on": today + conf.DEFAULT_DURATION}
            )
        super().__init__(*args, **kwargs)
        self.fields[
            "image"
        ].help_text = f"JPEG, PNG ou WebP, {conf.image_max_bytes() // (1024 * 1024)} Mo au maximum."
        audience = self.fields["audience"]
        audience.choices = [
            ("", "Choisir les destinataires"),
            *[
                (value, label)
                for value, label in News.Audience.choices
                if value not in (News.Audience.LEVEL, News.Audience.DIVISION)
            ],
            ("Un niveau", [(f"level:{level}", label) for level, label in options.levels]),
            (
                "Une classe",
                [(f"division:{pk}", f"La classe de {code}") for pk, code in options.divisions],
            ),
        ]
        if news is None or not news.image:
            del self.fields["remove_image"]

    def clean_body(self) -> str:
        value = self.cleaned_data["body"]
        body = html.sanitize_html(value) if _MARKUP.search(value) else html.text_to_html(value)
        if html.is_blank_html(body):
            raise ValidationError(messages.BODY_REQUIRED, code="required")
        return body

    def clean_image(self) -> NewsImage | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        checked = upload_check(upload, allowed=conf.IMAGE_KINDS, max_bytes=conf.image_max_bytes())
        return NewsImage(file=upload, checked=checked)

    def content(self) -> NewsContent:
        data = self.cleaned_data
        kind, _, target = data["audience"].partition(":")
        return NewsContent(
            title=data["title"].strip(),
            body=data["body"],
            audience=kind,
            level=target if kind == News.Audience.LEVEL else "",
            division_id=int(target) if kind == News.Audience.DIVISION else None,
            publish_on=data["publish_on"],
            expires_on=data["expires_on"],
            image_alt=data.get("image_alt", "").strip(),
            image=data.get("image"),
            remove_image=bool(data.get("remove_image")),
        )


_PARAGRAPHS_ONLY = re.compile(r"(?:<p>(?:[^<]|<br>)*</p>)+")


def _editable(body: str) -> str:
    """A body typed as plain text (paragraphs and line breaks only) is edited as plain text
    again; any other formatting is edited as the HTML it is."""
    if not _PARAGRAPHS_ONLY.fullmatch(body):
        return body
    paragraphs = re.findall(r"<p>(.*?)</p>", body)
    return "\n\n".join(html_module.unescape(part.replace("<br>", "\n")) for part in paragraphs)


def _audience_value(news: News) -> str:
    if news.audience == News.Audience.LEVEL:
        return f"level:{news.level}"
    if news.audience == News.Audience.DIVISION:
        return f"division:{news.division_id}"
    return news.audience


class DecisionForm(forms.Form):
    """The direction's decision on a news awaiting validation."""

    message = forms.CharField(
        label="Message à l'auteur (obligatoire pour un refus)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
