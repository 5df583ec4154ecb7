"""Settings read by core, with their defaults. Every app reads its settings through its own
``conf.py``; nothing else calls ``getattr(settings, …)``."""

from __future__ import annotations

from django.conf import settings

# Abuse limits of the platform (counted in the cache, see core.ratelimit). Override any of them
# with ``CARTABLE_LIMITS = {"sms_per_number_hour": 3}`` in the settings.
DEFAULT_LIMITS = {
    # SMS toll-fraud protection: every SMS we pay for is counted per number, per IP and per day.
    "sms_per_number_hour": 3,
    "sms_per_number_day": 5,
    "sms_per_ip_hour": 10,
    "sms_per_ip_day": 20,
    "sms_global_day": 2000,
    # Recovery and creation forms, per IP (whatever the result, so the limit reveals nothing).
    "requests_per_ip_hour": 30,
    # Recovery mails per address or identifier.
    "mail_per_target_hour": 3,
    # Wrong passwords per client address and minute (a right password is never refused for it).
    "login_failed_per_ip": 20,
    # E-mail address changes on "Mon compte" (each one mails the typed address): per account and
    # per typed address, so a session cannot make the portal mail anyone over and over.
    "email_change_per_account_hour": 3,
    "email_change_per_address_hour": 3,
    # Pairing a phone (Mes appareils): QR codes asked per account, codes typed per client
    # address (each link also dies at its third wrong code). A class pairing its phones on the
    # school's Wi-Fi shares one address.
    "device_pairing_per_account_hour": 10,
    "device_code_per_ip_hour": 100,
    # Pupils' emergency access requests.
    "emergency_per_ip_hour": 5,
    "emergency_per_ip_day": 10,
}


def limit(name: str) -> int:
    return int({**DEFAULT_LIMITS, **getattr(settings, "CARTABLE_LIMITS", {})}[name])


def portal_name() -> str:
    return str(settings.CARTABLE_PORTAL_NAME)


def academie() -> str:
    return str(settings.CARTABLE_ACADEMIE)


def public_base_url() -> str:
    """The portal's public address (links in mails and letters, QR codes), without a final /."""
    return str(settings.CARTABLE_PUBLIC_URL).rstrip("/")


def trusted_proxies() -> int:
    """How many reverse proxies of ours stand in front of the application (0: none, the client
    connects directly). See core.http.client_ip and docs/deployment.md."""
    return int(getattr(settings, "CARTABLE_TRUSTED_PROXIES", 0))
