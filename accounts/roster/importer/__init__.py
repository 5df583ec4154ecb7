"""Apply parsed SIECLE / STS exports to an establishment's roster, in bulk.

Every existing row of the establishment is read once into dicts, then written back with
``bulk_create`` / ``bulk_update``: the number of queries does not depend on the number of pupils.
The caller runs ``apply_exports`` inside one transaction (see ``accounts.services``).

The import is split by phase to keep each module readable:

- ``base``: label tables, header checks, bookkeeping and the lookups / writes the phases share;
- ``pupils``, ``guardians`` (with their links to pupils), ``staff``, ``structure`` (subjects,
  groups, teaching services, the pupils' groups): one phase each, as a mixin;
- here: ``RosterImporter``, which composes the phases and runs them, and ``apply_exports``.

``PROGRESS_EVERY`` and ``RosterImporter._tick`` stay in this module so that
``accounts.roster.importer.PROGRESS_EVERY`` remains the threshold actually read.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from accounts.models import Establishment

from .. import siecle
from .base import (
    ANOMALY_LABELS,
    COUNT_KINDS,
    ImporterBase,
    ProgressCallback,
    check_exports,
    check_headers,
    export_day,
    school_year_label,
    total_rows,
)
from .guardians import GuardiansPhase
from .pupils import PupilsPhase
from .staff import StaffPhase
from .structure import StructurePhase

__all__ = [
    "ANOMALY_LABELS",
    "COUNT_KINDS",
    "PROGRESS_EVERY",
    "ImporterBase",
    "ProgressCallback",
    "RosterImporter",
    "apply_exports",
    "check_exports",
    "check_headers",
    "export_day",
    "school_year_label",
    "total_rows",
]

PROGRESS_EVERY = 100


class RosterImporter(PupilsPhase, GuardiansPhase, StaffPhase, StructurePhase):
    """One run of an import. ``run`` returns the JSON-able report.

    Each phase (pupils, guardians, staff) reads the establishment's rows once, decides in memory
    what to create, update or leave, creates the accounts the new rows need (so rows are inserted
    with their account and never updated afterwards), then writes in bulk.
    """

    # --- bookkeeping -----------------------------------------------------------------------

    def _tick(self) -> None:
        self.processed += 1
        if self.progress_callback and self.processed - self._last_reported >= PROGRESS_EVERY:
            self._last_reported = self.processed
            self.progress_callback(self.processed)

    # --- entry point -----------------------------------------------------------------------

    def run(self, exports: Sequence[siecle.Export]) -> dict[str, Any]:
        for export in exports:
            self.anomalies.extend(anomaly.as_dict() for anomaly in export.anomalies)
        # Who is current is judged on the day the pupils file was exported, not on the day it is
        # imported: a pupil leaving after that day was still there when the file was written.
        pupils_day = next(
            (export_day(e.header) for e in exports if isinstance(e, siecle.PupilsExport)), None
        )
        for kind, importer in (
            (siecle.PupilsExport, self._import_pupils_and_groups),
            (siecle.GuardiansExport, self.import_guardians),
            (siecle.StsExport, self._import_staff_and_services),
        ):
            for export in exports:
                if isinstance(export, kind):
                    own_day = export_day(export.header)
                    if kind is not siecle.StsExport:
                        own_day = pupils_day or own_day
                    self.today = own_day or self.fallback_today
                    importer(export)
        if self.progress_callback:
            self.progress_callback(self.processed)
        return self.report(exports)

    def _import_pupils_and_groups(self, export: siecle.PupilsExport) -> None:
        self.import_pupils(export)
        self.import_pupil_groups(export)

    def _import_staff_and_services(self, export: siecle.StsExport) -> None:
        self.import_structure(export, self.import_staff(export))

    def report(self, exports: Sequence[siecle.Export]) -> dict[str, Any]:
        return {
            "establishment": self.establishment.uai,
            "school_year": self.establishment.school_year,
            "imported_at": self.now.isoformat(),
            "files": [
                {
                    "name": e.header.source_name,
                    "kind": e.header.kind,
                    "uaj": e.header.uaj,
                    "school_year": e.header.school_year,
                    "export_date": e.header.export_date,
                }
                for e in exports
            ],
            "counts": {kind: self.counts[kind] for kind in COUNT_KINDS if kind in self.counts},
            "accounts_created": {
                profile: self.accounts_created[profile]
                for profile in ("eleve", "parent", "enseignant", "personnel")
            },
            "anomalies": self.anomalies,
        }


def apply_exports(
    establishment: Establishment,
    exports: Sequence[siecle.Export],
    *,
    progress: ProgressCallback | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Checks then applies the exports; call inside ``transaction.atomic``."""
    check_exports(establishment, exports)
    return RosterImporter(establishment, today=today, progress=progress).run(exports)
