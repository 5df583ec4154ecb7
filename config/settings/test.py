"""Test settings: PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set (CI), SQLite otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests measure behaviour, not hashing cost: a fast hasher keeps the suite quick. The Argon2
# parameters themselves are checked by a dedicated test.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Each test run gets its own key space in a shared Redis.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", "cartable-test")  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
