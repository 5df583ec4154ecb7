#!/usr/bin/env python3
"""A 600-pupil collège's rentrée batch: ~600 pupil + ~1,000 guardian letters, hashing included.

Production settings (Argon2id at OWASP parameters), PostgreSQL. The batch runs exactly as the
Celery task does (``letter_batch_run``), in this process. Prints:

    letters_batch_count: 1600
    letters_batch_s: ...          (target: < 60 s on the 2-core machine)
    letters_batch_pdf_pages: 1600
"""

from __future__ import annotations

import datetime
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine, report, setup_django  # noqa: E402

PUPILS = 600
TWO_GUARDIANS = 400  # 400 pupils × 2 legal guardians + 200 × 1 = 1,000 guardian letters


def build_school():
    from django.contrib.auth.hashers import make_password

    from accounts.models import Division, Establishment, Guardian, GuardianLink, Pupil, User

    run = secrets.token_hex(3)
    establishment = Establishment.objects.create(
        uai=f"{secrets.randbelow(10**7):07d}B",
        name=f"Collège du banc d'essai {run}",
        city="Poitiers",
        academie="Poitiers",
        school_year=2026,
    )
    divisions = Division.objects.bulk_create(
        [
            Division(establishment=establishment, code=f"{level} {chr(65 + i)}", level=str(level))
            for level in (6, 5, 4, 3)
            for i in range(6)
        ]
    )
    unusable = make_password(None)
    accounts = User.objects.bulk_create(
        [
            User(
                username=f"bench{run}.e{n}",
                first_name="Élève",
                last_name=f"Banc{n}",
                profile="eleve",
                state="provisional",
                password=unusable,
            )
            for n in range(PUPILS)
        ]
        + [
            User(
                username=f"bench{run}.p{n}",
                first_name="Parent",
                last_name=f"Banc{n}",
                profile="parent",
                state="provisional",
                password=unusable,
            )
            for n in range(PUPILS + TWO_GUARDIANS)
        ]
    )
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(
                establishment=establishment,
                siecle_id=str(n),
                last_name=f"BANC{n}",
                first_name="Élève",
                birth_date=datetime.date(2013, 1, 1) + datetime.timedelta(days=n % 700),
                division=divisions[n % len(divisions)],
                account=accounts[n],
            )
            for n in range(PUPILS)
        ]
    )
    guardians = Guardian.objects.bulk_create(
        [
            Guardian(
                establishment=establishment,
                siecle_id=str(n),
                civility="Mme",
                last_name=f"BANC{n}",
                first_name="Parent",
                address_lines="1 rue de l'École",
                postal_code="86000",
                city="POITIERS",
                account=accounts[PUPILS + n],
            )
            for n in range(PUPILS + TWO_GUARDIANS)
        ]
    )
    links = [
        GuardianLink(pupil=pupils[n], guardian=guardians[n], level=1, rank=1) for n in range(PUPILS)
    ]
    links += [
        GuardianLink(pupil=pupils[n], guardian=guardians[PUPILS + n], level=1, rank=2)
        for n in range(TWO_GUARDIANS)
    ]
    GuardianLink.objects.bulk_create(links)
    return establishment, accounts


def main() -> int:
    setup_django()
    from django.conf import settings

    from accounts.models import User
    from activation.models import LetterBatch
    from activation.services.letters import letter_batch_run

    settings.ACTIVATION_LETTERS_DIR = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    print(
        f"# {machine()}; letter hasher: Argon2id m=12 MiB t=1 p=1 (activation.hashers)", flush=True
    )
    establishment, accounts = build_school()
    batch = LetterBatch.objects.create(
        establishment=establishment,
        scope=LetterBatch.Scope.SCHOOL,
        scope_label="Tout l'établissement (banc d'essai)",
    )
    started = time.perf_counter()
    batch = letter_batch_run(batch_id=batch.pk)
    elapsed = time.perf_counter() - started
    assert batch.status == LetterBatch.Status.DONE, batch.error
    pdf = settings.ACTIVATION_LETTERS_DIR / batch.pdf_path
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)
    report("letters_batch_count", batch.report["courriers"], "letters")
    report("letters_batch_s", elapsed, "s")
    report("letters_batch_pdf_pages", pages, "pages")
    report("letters_batch_pdf_mb", pdf.stat().st_size / 1e6, "MB")
    # Clean up: the PDF holds secrets, the rows are the bench's own.
    pdf.unlink()
    User.objects.filter(pk__in=[a.pk for a in accounts]).delete()
    establishment.delete()
    ok = elapsed < 60 and pages == batch.report["courriers"] == PUPILS + PUPILS + TWO_GUARDIANS
    return 0 if ok or os.environ.get("BENCH_NO_ASSERT") else 1


if __name__ == "__main__":
    sys.exit(main())
