"""Production settings served over plain HTTP on loopback, for measurements only.

Everything that costs CPU in production stays on (Argon2id OWASP hasher, cached templates,
Redis sessions, DEBUG off); only HTTPS-only behaviour and (except in the peak bench) the login
rate limits are relaxed, since one benchmark client on 127.0.0.1 would otherwise be throttled.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cartable_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: E402,F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The peak bench keeps production's limits (its families come from many addresses, given by
# X-Forwarded-For behind one trusted proxy); the others measure one client on 127.0.0.1.
if os.environ.get("BENCH_KEEP_RATE_LIMITS") != "1":
    ACCOUNT_RATE_LIMITS = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
