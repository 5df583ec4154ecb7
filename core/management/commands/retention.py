"""manage.py retention: what the daily sweep erases, and when; ``--run`` runs it now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from core import retention


class Command(BaseCommand):
    help = (
        "Affiche ce que le balayage quotidien efface, et quand (une règle par sorte de données, "
        "déclarée par chaque application). Avec --run, lance le balayage maintenant (comme la tâche "
        "Celery core.tasks.sweep_daily) et affiche le nombre de lignes effacées par règle."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--run", action="store_true", help="lance le balayage quotidien maintenant"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention.sweep_daily() if options["run"] else {}
        for rule in retention.rules():
            count = ""
            if rule.key in report:
                erased = report[rule.key]
                count = " — " + ngettext(
                    "%(count)d ligne effacée", "%(count)d lignes effacées", erased
                ) % {"count": erased}
            self.stdout.write(f"{rule.key}{count}\n    {rule.description}")
