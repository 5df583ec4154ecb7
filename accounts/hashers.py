from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at the OWASP minimum: 19 MiB of memory, 2 iterations, 1 lane.

    Django's default (100 MiB, 8 lanes) costs several times more CPU per login; OWASP's
    parameters keep a login within ~35 ms of server CPU on a modest core.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
