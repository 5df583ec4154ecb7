"""Moving a model to another app keeps its table, its rows and who may do what with it.

The table stays (``Meta.db_table`` names the old one; the migrations are state-only); what would
otherwise be lost is the content type: permissions granted to groups and users, and the admin's
history, point at it. ``content_types_move`` relabels it in a data migration of the new app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def content_types_move(apps: Any, *, from_app: str, to_app: str, models: Iterable[str]) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    for model in models:
        old = content_type.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate creates the new one
        new = content_type.objects.filter(app_label=to_app, model=model).first()
        if new is None:
            old.app_label = to_app
            old.save(update_fields=["app_label"])
            continue
        # Both exist (post_migrate ran in between): keep the old rows' grants and the admin's
        # history on the new type before the old one goes.
        try:
            log_entry = apps.get_model("admin", "LogEntry")
        except LookupError:
            log_entry = None
        if log_entry is not None:
            log_entry.objects.filter(content_type=old).update(content_type=new)
        for grant in permission.objects.filter(content_type=old):
            kept = permission.objects.filter(content_type=new, codename=grant.codename).first()
            if kept is None:
                grant.content_type = new
                grant.save(update_fields=["content_type"])
            else:
                kept.group_set.add(*grant.group_set.all())
                kept.user_set.add(*grant.user_set.all())
        old.delete()


def content_types_move_back(
    apps: Any, *, from_app: str, to_app: str, models: Iterable[str]
) -> None:
    content_types_move(apps, from_app=to_app, to_app=from_app, models=models)
