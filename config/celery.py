"""Celery application. Tasks take ids, are queued with transaction.on_commit.

Without a broker (the embedded default) CELERY_TASK_ALWAYS_EAGER runs them in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("cartable")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
