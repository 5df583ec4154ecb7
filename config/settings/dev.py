"""Embedded default: SQLite, in-process tasks, mail printed to the console.

DEBUG stays off unless DJANGO_DEBUG=1: the demo is shown to people, who must see the French error
pages, never a traceback or the list of URL patterns. WhiteNoise serves the static files straight
from the apps' folders, so no collectstatic is needed."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
