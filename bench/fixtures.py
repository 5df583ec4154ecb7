"""Bench data: a realistic 600-pupil collège imported through the real importer, a few active accounts."""

from __future__ import annotations

BENCH_UAI = "0860777B"
BENCH_PASSWORD = "Bench-Cartable-2026!"


def ensure_bench_college(*, pupils: int = 600) -> None:
    from django.utils import timezone

    from accounts.models import Establishment, Pupil
    from accounts.roster.demo import build_demo_roster, current_school_year
    from accounts.services import roster_import_files

    school_year = current_school_year(timezone.localdate())
    establishment, _ = Establishment.objects.get_or_create(
        uai=BENCH_UAI,
        defaults={
            "name": "Collège du Banc d'essai",
            "school_year": school_year,
            "academie": "Poitiers",
        },
    )
    if Pupil.objects.filter(establishment=establishment).count() >= pupils * 0.9:
        return
    roster = build_demo_roster(pupils=pupils, seed=600, uai=BENCH_UAI, school_year=school_year)
    roster_import_files(establishment=establishment, files=list(roster.files.items()), actor=None)


def active_accounts(profile: str, count: int) -> list[str]:
    """Activates `count` accounts of a profile with the bench password (hashed with the production
    hasher) and the current charter accepted; returns their identifiers."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Establishment, User
    from portal.models import Charter

    establishment = Establishment.objects.get(uai=BENCH_UAI)
    charter = Charter.objects.order_by("-version").first()
    users = list(
        User.objects.filter(profile=profile)
        .filter(guardian_records__establishment=establishment)
        .distinct()
        .order_by("pk")[:count]
        if profile == User.Profile.PARENT
        else User.objects.filter(profile=profile, pupil__establishment=establishment).order_by(
            "pk"
        )[:count]
    )
    hashed = make_password(BENCH_PASSWORD)
    for user in users:
        user.password = hashed
        user.state = User.State.ACTIVE
        user.is_active = True
        user.accepted_charter_version = charter.version if charter else None
    User.objects.bulk_update(users, ["password", "state", "is_active", "accepted_charter_version"])
    return [user.username for user in users]
