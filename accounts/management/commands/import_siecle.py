"""manage.py import_siecle: import SIECLE / STS-web exports for one establishment, from the shell."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import conf, messages
from accounts.models import Establishment, RosterImport
from accounts.roster.report import report_lines
from accounts.services import establishment_create_from_files, roster_import_files


class Command(BaseCommand):
    help = (
        "Importe les exports SIECLE (ElevesSansAdresses, ResponsablesAvecAdresses) et STS-web "
        "(sts_emp_<UAJ>_<AAAA>) d'un établissement : fichiers .xml ou archives .zip telles que "
        "téléchargées. L'import est refusé, sans rien modifier, si un fichier concerne un autre "
        "établissement (UAJ) ou une autre année scolaire que celle de l'établissement. Réimporter "
        "les mêmes fichiers ne crée aucun doublon : les fiches modifiées sont mises à jour, les "
        "élèves sortis sont marqués, les identifiants des comptes existants ne changent jamais."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FICHIER",
            help="export(s) SIECLE ou STS : .xml ou .zip (un ou plusieurs)",
        )
        parser.add_argument(
            "--uai",
            required=True,
            help="UAI (RNE) de l'établissement, ex. 0860123X : doit être celui des fichiers",
        )
        parser.add_argument(
            "--create-establishment",
            action="store_true",
            help="crée l'établissement s'il n'existe pas encore (année scolaire et "
            "académie lues dans les fichiers, nom dans l'export STS ou --name)",
        )
        parser.add_argument(
            "--name",
            default="",
            help="nom de l'établissement à créer (avec --create-establishment)",
        )

    def handle(self, *args, **options):
        files: list[tuple[str, bytes]] = []
        limit = conf.import_max_bytes()
        total = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(messages.file_not_found(name))
            # Same limit as an upload in the admin, checked before reading or parsing anything.
            total += path.stat().st_size
            if total > limit:
                raise CommandError(
                    messages.file_too_large(
                        path.name, total // (1024 * 1024), limit // (1024 * 1024)
                    )
                )
            files.append((path.name, path.read_bytes()))

        uai = options["uai"].strip().upper()
        establishment = Establishment.objects.filter(uai=uai).first()
        if establishment is None and not options["create_establishment"]:
            raise CommandError(messages.establishment_unknown(uai))
        # A created establishment is only kept with its first import: when the import is
        # refused, the establishment and its audit record are rolled back with it.
        with transaction.atomic():
            if establishment is None:
                try:
                    establishment = establishment_create_from_files(
                        uai=uai, files=files, name=options["name"]
                    )
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from exc
                created = True
            else:
                created = False
            roster_import = self._import(establishment, files, created=created)
        if created:
            self.stdout.write(
                f"Établissement créé : {establishment} — année scolaire "
                f"{establishment.school_year}-{establishment.school_year + 1}"
            )
        if roster_import.status != RosterImport.Status.DONE:
            # An existing establishment keeps the record of its failed import.
            raise CommandError(roster_import.error or messages.IMPORT_FAILED)

        self.stdout.write(self.style.SUCCESS(f"Import terminé pour {establishment}."))
        for line in report_lines(roster_import.report):
            self.stdout.write(line)

    @staticmethod
    def _import(
        establishment: Establishment, files: list[tuple[str, bytes]], *, created: bool
    ) -> RosterImport:
        try:
            roster_import = roster_import_files(establishment=establishment, files=files)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if created and roster_import.status != RosterImport.Status.DONE:
            raise CommandError(roster_import.error or messages.IMPORT_FAILED)  # rolls back
        return roster_import
