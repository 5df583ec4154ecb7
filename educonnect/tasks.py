"""Celery tasks: they take ids (or nothing) and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def sweep_codes() -> int:
    """Beat, daily: deletes SMS codes and reset links that can no longer be used."""
    from .services.sweeps import codes_sweep

    return codes_sweep()
