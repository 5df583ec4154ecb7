"""A counter that changes whenever a news may appear, change or disappear: the cached
"Mes applications" pages are keyed on it (with the date, which makes news appear on their
publication day and go after their last day)."""

from __future__ import annotations

from django.db import transaction

from core.versions import CachedVersion

_NEWS_VERSION = CachedVersion("actualites:news-version")


def news_version() -> int:
    return _NEWS_VERSION.get()


def news_changed() -> None:
    """Takes effect when the transaction commits (never shows a news rolled back)."""
    transaction.on_commit(_NEWS_VERSION.bump)
