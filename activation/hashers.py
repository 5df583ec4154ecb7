"""The hasher for letters' temporary passwords.

Still Argon2id (memory-hard), but at 12 MiB × 1 pass instead of the OWASP 19 MiB × 2 used for
chosen passwords: about half the cost, which keeps a 1,600-letter rentrée batch well under a
minute on two cores even when the machine is busy. Why that is enough for these secrets:

* 8 characters from a 31-symbol alphabet drawn with ``secrets``: 31⁸ ≈ 8.5 × 10¹¹ (≈ 40 bits),
  nothing a dictionary helps with;
* valid at most 3 months, single-use, dead as soon as the letter is reissued, and the hash is wiped
  by the sweep when the letter expires;
* at ~15 ms per guess on one core, trying half the space costs ≈ 200 core-years per letter, and
  the 12 MiB per guess keeps GPUs from changing that by much.

Verification needs nothing special: the parameters are part of the encoded hash, so Django's
``check_password`` (any hasher of the ``argon2`` family) reads them back.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class LetterPasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 1
    memory_cost = 12 * 1024  # KiB
    parallelism = 1
