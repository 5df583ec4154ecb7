"""Present a stored import report (``RosterImport.report``) in French, for the admin and the command."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .importer import ANOMALY_LABELS, COUNT_KINDS

COLUMNS = (
    ("created", "créés"),
    ("updated", "mis à jour"),
    ("unchanged", "inchangés"),
    ("left", "sortis / retirés"),
)
ACCOUNT_LABELS = {
    "eleve": "élèves",
    "parent": "parents",
    "enseignant": "enseignants",
    "personnel": "autres personnels",
}


def count_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    counts = report.get("counts", {})
    return [
        {"kind": kind, "label": label, **{key: counts[kind].get(key, 0) for key, _ in COLUMNS}}
        for kind, label in COUNT_KINDS.items()
        if kind in counts
    ]


def accounts_created(report: dict[str, Any]) -> list[tuple[str, int]]:
    created = report.get("accounts_created", {})
    return [(label, created.get(profile, 0)) for profile, label in ACCOUNT_LABELS.items()]


def anomaly_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Anomalies grouped by kind, in the order of ``ANOMALY_LABELS``."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for anomaly in report.get("anomalies", []):
        grouped[anomaly.get("kind", "")].append(anomaly.get("message", ""))
    order = list(ANOMALY_LABELS)
    return [
        {"kind": kind, "label": ANOMALY_LABELS.get(kind, "Autres remarques"), "messages": messages}
        for kind, messages in sorted(
            grouped.items(),
            key=lambda item: order.index(item[0]) if item[0] in order else len(order),
        )
    ]


def report_lines(report: dict[str, Any]) -> list[str]:
    lines = ["Fichiers importés :"]
    lines += [
        f"  - {f['name']} ({f['kind']}, UAJ {f['uaj']}, année {f['school_year']})"
        for f in report.get("files", [])
    ]
    lines.append("Bilan :")
    for row in count_rows(report):
        detail = ", ".join(f"{row[key]} {label}" for key, label in COLUMNS)
        lines.append(f"  {row['label']} : {detail}")
    created = ", ".join(f"{count} {label}" for label, count in accounts_created(report))
    lines.append(f"Comptes créés (provisoires) : {created}")
    groups = anomaly_groups(report)
    total = sum(len(group["messages"]) for group in groups)
    lines.append(f"Anomalies : {total}" if total else "Anomalies : aucune")
    for group in groups:
        lines.append(f"  {group['label']} ({len(group['messages'])}) :")
        lines += [f"    - {message}" for message in group["messages"]]
    return lines
