"""The bilan de fin de cycle as a print-ready PDF (one A4 page, ReportLab): the establishment,
the pupil, the 8 components of the socle with the position reached, the synthesis, who locked
it. Same look as the bilan périodique (``livret.pdf``)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from activation.pdf import GREY, SANS_BOLD
from activation.pdf import _paragraph as paragraph
from core.schoolyear import school_year_label

from .models import CycleBilan
from .pdf import LEFT, document_title, page_header

CLASS_ENDING = {3: "6e", 4: "3e"}


def cycle_lines(found: CycleBilan) -> list[str]:
    """The document's text, in order (also what the tests read back)."""
    pupil = found.pupil
    texts = [
        f"{pupil.first_name} {pupil.display_last_name} — classe {found.division_code or '—'}",
        f"Fin du cycle {found.cycle} (classe de {CLASS_ENDING[found.cycle]}), année "
        f"{school_year_label(found.school_year)}",
    ]
    for _code, label, position, name in found.components_shown:
        texts.append(f"{label} : {position if position is not None else '—'} ({name or '—'})")
    texts.append(f"Synthèse : {found.synthesis}")
    if found.complement:
        texts.append(f"Enseignement de complément : {found.complement_shown}")
    if found.principals:
        title = "Professeur principal" if len(found.principals) == 1 else "Professeurs principaux"
        texts.append(f"{title} : {found.principals_shown}")
    if found.locked_by_name:
        texts.append(f"Pour l'établissement, {found.locked_by_name}")
    return texts


def cycle_bilan_pdf(found: CycleBilan) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(f"Bilan de fin de cycle {found.cycle} — {school_year_label(found.school_year)}")
    canvas.setAuthor(found.establishment.name)
    left, right = LEFT, A4[0] - LEFT
    texts = cycle_lines(found)
    y = document_title(
        canvas, page_header(canvas, found.establishment), "Bilan de fin de cycle", texts[:2]
    )
    y -= 3 * mm
    y = paragraph(
        canvas,
        "Maîtrise des composantes du socle commun de connaissances, de compétences et de culture "
        "(0 : dispensé, 1 : maîtrise insuffisante, 2 : fragile, 3 : satisfaisante, 4 : très "
        "bonne maîtrise)",
        left,
        y,
        right - left,
        size=9,
        leading=11.5,
    )
    y -= 2 * mm
    for text in texts[2:10]:
        canvas.setStrokeColor(GREY)
        canvas.line(left, y + 4 * mm, right, y + 4 * mm)
        y = paragraph(canvas, text, left, y, right - left, size=9.5, leading=12) - 1 * mm
    y -= 4 * mm
    for text in texts[10:]:
        y = paragraph(canvas, text, left, y, right - left, font=SANS_BOLD, size=10) - 3 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
