#!/usr/bin/env python3
"""Cartable's single entry point: needs only Python 3.11+ and access to the package registry.

    python3 dev.py run      set up, load the demo collège and serve it on http://127.0.0.1:8000
    python3 dev.py test     set up and run the whole test suite: lint and format (ruff), types (mypy),
                            import contract (import-linter), templates (djlint), migrations, tests
    python3 dev.py bench    run the benchmarks in bench/ and print their figures; `bench peak` (peak
                            hour, 5 min) and `bench faults` (fault drill) run only when named;
                            `.venv/bin/python bench/run.py --help` lists them all,
                            `python3 dev.py bench peak --help` gives one benchmark's options
    python3 dev.py messages regenerate the French catalogue (plural forms) after changing texts

Everything lands in .venv/ (virtualenv) and var/ (SQLite database, media); both are disposable.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    # Our own commands (the venv's python, manage.py, apt-get), never user input.
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)  # noqa: S603
    if check and completed.returncode != 0:
        sys.exit(completed.returncode)
    return completed.returncode


def ensure_venv() -> None:
    """Creates the virtualenv and installs the project; reinstalls when pyproject.toml changes."""
    if not PYTHON.exists():
        say("Création de l'environnement virtuel .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installation des dépendances")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """Browser tests use Debian's chromium, never a browser downloaded by Playwright."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say("Installation de chromium (paquet Debian)")
        run("apt-get", "update", "-qq", check=False)
        run("apt-get", "install", "-y", "-qq", "chromium")
    if not CHROMIUM.exists():
        say("ATTENTION : /usr/bin/chromium absent, les tests navigateur échoueront.")


AXE_VERSION = "4.10.2"
AXE = ROOT / "var" / "node" / "node_modules" / "axe-core"


def ensure_axe() -> None:
    """axe-core (npm) for the accessibility checks of the browser tests, pinned, in var/node."""
    package = AXE / "package.json"
    if package.exists() and f'"version": "{AXE_VERSION}"' in package.read_text():
        return
    if not shutil.which("npm"):
        say("ATTENTION : npm absent, les tests d'accessibilité (axe-core) échoueront.")
        return
    say(f"Installation d'axe-core {AXE_VERSION} (npm, dans var/node)")
    run(
        "npm",
        "install",
        "--no-audit",
        "--no-fund",
        "--prefix",
        ROOT / "var" / "node",
        f"axe-core@{AXE_VERSION}",
    )


def manage(*args: str, settings: str = "config.settings.dev", database: bool = True) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    if not database:
        env.pop("DATABASE_URL", None)  # the check compares models and migrations, not a database
    run(PYTHON, "manage.py", *args, env=env)


def cmd_run(args: argparse.Namespace) -> None:
    ensure_venv()
    # Links printed by the demo and written in letters and mails point at this server.
    os.environ.setdefault("CARTABLE_PUBLIC_URL", f"http://{args.addr}")
    (ROOT / "var").mkdir(exist_ok=True)
    say("Migrations")
    manage("migrate", "--no-input", "-v", "0")
    say("Chargement du collège de démonstration")
    manage("load_demo")
    say(f"Portail : http://{args.addr}/   (Ctrl+C pour arrêter)")
    runserver = ["runserver", args.addr]
    if args.noreload:
        runserver.append("--noreload")
    manage(*runserver)


def cmd_test(args: argparse.Namespace) -> None:
    ensure_venv()
    ensure_chromium()
    ensure_axe()
    say("Lint et mise en forme (ruff)")
    run(PYTHON, "-m", "ruff", "check", ".")
    run(PYTHON, "-m", "ruff", "format", "--check", ".")
    say("Typage (mypy)")  # files and options: [tool.mypy] in pyproject.toml
    run(PYTHON, "-m", "mypy")
    say(
        "Dépendances entre applications (import-linter)"
    )  # contracts: [tool.importlinter] in pyproject.toml
    run(VENV / "bin" / "lint-imports", "--no-cache")
    say("Gabarits (djlint)")  # options: [tool.djlint] in pyproject.toml
    run(PYTHON, "-m", "djlint", "templates", "--lint")
    say("Vérification des migrations")
    manage(
        "makemigrations", "--check", "--dry-run", settings="config.settings.test", database=False
    )
    say("Tests (pytest)")
    code = run(PYTHON, "-m", "pytest", *args.pytest_args, check=False)
    if code == 5:
        say("Aucun test n'a été exécuté : c'est un échec.")
        sys.exit(1)
    sys.exit(code)


LOCALE_PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _po_fill_plurals(path: Path) -> int:
    """The texts are written in French: a plural entry is its own translation (msgstr[0] the
    singular, msgstr[1] the plural), compiled so that ngettext applies the French rule (0 and 1
    singular). Other entries stay untranslated (the source text is used)."""
    blocks = path.read_text().split("\n\n")
    header = blocks[0]
    header = header[header.index('msgid ""') :]  # makemessages' template comments and fuzzy mark
    header = header.replace(
        '"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: Cartable\\n"'
    )
    header = header.replace('"Language: \\n"', '"Language: fr\\n"')
    blocks[0] = (
        "# Textes de Cartable, écrits en français : seuls les pluriels sont « traduits ».\n"
        + header
    )
    filled = 0
    for index, block in enumerate(blocks):
        fuzzy = "#, fuzzy" in block
        # A new plural close to an older one comes "fuzzy", with the older one's texts: the
        # entry is rewritten from its own msgid, without the previous-msgid ("#|") comments
        # (which may name a plural the entry no longer has).
        lines = [line for line in block.split("\n") if not line.startswith("#|")]
        if not any(line.startswith("msgid_plural") for line in lines):
            if fuzzy and 'msgid ""' not in lines[0]:
                # A text matched fuzzily to another one: it is its own text (untranslated).
                text = "\n".join(lines).replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")
                blocks[index] = text[: text.index("msgstr ")] + 'msgstr ""'
            continue
        if 'msgstr[0] ""\nmsgstr[1] ""' not in block and not fuzzy:
            continue
        block = "\n".join(lines).replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")
        singular = block[block.index("msgid ") + 6 : block.index("msgid_plural")].rstrip("\n")
        plural = block[block.index("msgid_plural ") + 13 : block.index("msgstr[0]")].rstrip("\n")
        blocks[index] = (
            block[: block.index("msgstr[0]")] + f"msgstr[0] {singular}\nmsgstr[1] {plural}"
        )
        filled += 1
    path.write_text("\n\n".join(blocks))
    return filled


def cmd_messages(args: argparse.Namespace) -> None:
    """Regenerates locale/fr (needs GNU gettext's xgettext and msgfmt, as makemessages does)."""
    ensure_venv()
    if not (shutil.which("xgettext") and shutil.which("msgfmt")):
        say("GNU gettext (xgettext, msgfmt) est nécessaire : apt-get install gettext.")
        sys.exit(1)
    ignored = [
        arg for pattern in (".venv/*", "var/*", "tests/*", "bench/*") for arg in ("-i", pattern)
    ]
    manage(
        "makemessages",
        "-l",
        "fr",
        "--no-location",
        "--no-obsolete",
        "-e",
        "html,txt,py",
        *ignored,
        database=False,
    )
    say(f"{_po_fill_plurals(LOCALE_PO)} pluriels renseignés")
    manage("compilemessages", "-l", "fr", "-i", ".venv", "-i", "var", database=False)


def cmd_bench(args: argparse.Namespace) -> None:
    ensure_venv()
    run(PYTHON, "bench/run.py", *args.bench_args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="installe, charge la démo et lance le portail")
    p_run.add_argument(
        "--addr", default="127.0.0.1:8000", help="adresse d'écoute (défaut 127.0.0.1:8000)"
    )
    p_run.add_argument("--noreload", action="store_true", help="sans rechargement automatique")
    p_run.set_defaults(func=cmd_run)
    p_test = sub.add_parser("test", help="installe et lance toute la suite de tests")
    p_test.add_argument("pytest_args", nargs="*", help="arguments passés à pytest")
    p_test.set_defaults(func=cmd_test)
    p_messages = sub.add_parser("messages", help="régénère le catalogue français (locale/fr)")
    p_messages.set_defaults(func=cmd_messages)
    p_bench = sub.add_parser(
        "bench", help="lance les mesures de bench/ (peak et faults seulement si nommées)"
    )
    p_bench.add_argument("bench_args", nargs="*", help="noms puis options passés à bench/run.py")
    p_bench.set_defaults(func=cmd_bench)
    argv = sys.argv[1:]
    # Everything after "test" / "bench" goes verbatim to pytest / bench/run.py, options included.
    if argv and argv[0] in {"test", "bench"} and not {"-h", "--help"} & set(argv[1:2]):
        args = parser.parse_args(argv[:1])
        setattr(args, "pytest_args" if argv[0] == "test" else "bench_args", argv[1:])
    else:
        args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
