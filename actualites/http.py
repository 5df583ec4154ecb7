"""Serving a news' image: inline (it is shown in the page), but only to someone the view
checked may read the news, with the type its content was checked to be."""

from __future__ import annotations

from django.http import FileResponse

from .models import News


def image_response(news: News) -> FileResponse:
    # core.http.attachment_response serves files as downloads; an image checked by its content
    # (JPEG, PNG, WebP) is shown in the page, with the same protections.
    news.image.open("rb")
    response = FileResponse(news.image, content_type=news.image_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
