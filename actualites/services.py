"""Writes of Informations: each one audited, validated by ``full_clean`` before it is saved,
and bumping the version the cached dashboards are keyed on (``versions.news_changed``).

A teacher's (or any non-direction writer's) news waits for the direction's validation; the
direction publishes directly. Editing a published news by someone other than the direction sends
it back to validation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import User
from core.uploads import CheckedUpload

from . import messages
from .models import News
from .versions import news_changed


@dataclass(frozen=True)
class NewsImage:
    """An image checked by ``core.uploads.upload_check`` (the form does it), with its file."""

    file: Any
    checked: CheckedUpload


@dataclass(frozen=True)
class NewsContent:
    title: str
    body: str  # sanitised HTML (core.html)
    audience: str
    level: str
    division_id: int | None
    publish_on: datetime.date
    expires_on: datetime.date
    image_alt: str = ""
    image: NewsImage | None = None
    remove_image: bool = False


def _apply(news: News, content: NewsContent) -> list[str]:
    fields = [
        "title",
        "body",
        "audience",
        "level",
        "division_id",
        "publish_on",
        "expires_on",
        "image_alt",
    ]
    for name in fields:
        setattr(news, name, getattr(content, name))
    return fields


def _check(news: News) -> None:
    errors: dict[str, list[str]] = {}
    if news.expires_on < news.publish_on:
        errors.setdefault("expires_on", []).append(str(messages.EXPIRES_BEFORE_PUBLICATION))
    elif news.expires_on < timezone.localdate():
        errors.setdefault("expires_on", []).append(str(messages.EXPIRES_IN_THE_PAST))
    division = news.division if news.division_id is not None else None
    if division is not None and division.establishment_id != news.establishment_id:
        errors.setdefault("audience", []).append(str(messages.DIVISION_OF_ANOTHER_SCHOOL))
    if errors:
        raise ValidationError(errors)
    news.full_clean(exclude=["image"])


def _store_image(news: News, image: NewsImage | None, remove: bool, written: list[str]) -> str:
    """Saves the new image's file (or drops the old one); returns the old file, to delete once
    the transaction commits. ``written`` collects the new file, deleted if the write fails."""
    old = news.image.name if news.image else ""
    if image is not None:
        news.image.save(image.checked.name, image.file, save=False)
        news.image_type = image.checked.kind.content_type
        written.append(news.image.name)
        return old
    if remove and old:
        news.image = ""
        news.image_type = ""
        news.image_alt = ""
        return old
    return ""


def _delete_files_later(*names: str) -> None:
    wanted = [name for name in names if name]
    if wanted:

        def delete() -> None:
            for name in wanted:
                default_storage.delete(name)

        transaction.on_commit(delete)


def _audit(action: AuditAction, *, actor: User, news: News, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=news,
        establishment=news.establishment,
        details={"status": news.status, "audience": news.audience, **details},
    )


def _guarded(write: Callable[[list[str]], News]) -> News:
    """Runs ``write`` in one transaction; the image files it wrote are deleted if it fails
    (the database forgets the row, the storage must forget the file)."""
    written: list[str] = []
    try:
        with transaction.atomic():
            return write(written)
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise


def news_create(
    *, author: User, establishment_id: int, publishes: bool, content: NewsContent
) -> News:
    """A new news of ``establishment_id``: published at once when ``publishes`` (the direction),
    else waiting for validation."""

    def write(written: list[str]) -> News:
        news = News(
            establishment_id=establishment_id,
            author=author,
            author_name=author.get_full_name() or author.username,
            status=News.Status.PUBLISHED if publishes else News.Status.PENDING,
        )
        _apply(news, content)
        if publishes:
            news.published_at = timezone.now()
            news.decided_by = author
        _check(news)
        _store_image(news, content.image, False, written)
        news.save()
        _audit(
            AuditAction.NEWS_PUBLISHED if publishes else AuditAction.NEWS_SUBMITTED,
            actor=author,
            news=news,
        )
        news_changed()
        return news

    return _guarded(write)


def news_update(*, news: News, editor: User, publishes: bool, content: NewsContent) -> News:
    """The news rewritten; unless the editor is the direction (``publishes``), it waits for
    validation again, even if it was published."""

    def write(written: list[str]) -> News:
        fields = _apply(news, content)
        fields += ["status", "published_at", "decided_by", "refusal_message", "updated_at"]
        if publishes:
            if news.status != News.Status.PUBLISHED:
                news.published_at = timezone.now()
            news.status = News.Status.PUBLISHED
            news.decided_by = editor
            news.refusal_message = ""
        else:
            news.status = News.Status.PENDING
            news.published_at = None
            news.decided_by = None
            news.refusal_message = ""
        _check(news)
        old = _store_image(news, content.image, content.remove_image, written)
        fields += ["image", "image_type", "image_alt"]
        news.save(update_fields=fields)
        _delete_files_later(old)
        _audit(AuditAction.NEWS_UPDATED, actor=editor, news=news)
        news_changed()
        return news

    return _guarded(write)


@transaction.atomic
def news_validate(*, news: News, validator: User) -> News:
    if news.status != News.Status.PENDING:
        raise ValidationError(messages.NOT_PENDING, code="not_pending")
    _check(news)
    news.status = News.Status.PUBLISHED
    news.published_at = timezone.now()
    news.decided_by = validator
    news.refusal_message = ""
    news.save(
        update_fields=["status", "published_at", "decided_by", "refusal_message", "updated_at"]
    )
    _audit(AuditAction.NEWS_VALIDATED, actor=validator, news=news)
    news_changed()
    return news


@transaction.atomic
def news_refuse(*, news: News, validator: User, message: str) -> News:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [str(messages.REFUSAL_MESSAGE_REQUIRED)]})
    if news.status != News.Status.PENDING:
        raise ValidationError(messages.NOT_PENDING, code="not_pending")
    news.status = News.Status.REFUSED
    news.decided_by = validator
    news.refusal_message = message
    news.full_clean(exclude=["image"])
    news.save(update_fields=["status", "decided_by", "refusal_message", "updated_at"])
    _audit(AuditAction.NEWS_REFUSED, actor=validator, news=news, message=message)
    news_changed()
    return news


@transaction.atomic
def news_delete(*, news: News, actor: User) -> None:
    _audit(AuditAction.NEWS_DELETED, actor=actor, news=news, title=news.title)
    image = news.image.name if news.image else ""
    news.delete()
    _delete_files_later(image)
    news_changed()
