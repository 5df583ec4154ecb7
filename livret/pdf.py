"""The bilan périodique as a print-ready PDF: A4 pages drawn with ReportLab, with the colours and
the paragraph helper of the printed letters (``activation.pdf``); one pupil per document, as
many pages as the subjects need; a class's bilans in one document for the secretariat
(``bulletins_pdf``), drawn by the same ``draw_bilan``."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from accounts.models import Establishment
from activation.pdf import BLUE, GREY, SANS, SANS_BOLD
from activation.pdf import _paragraph as paragraph
from core.schoolyear import school_year_label

from .models import ACCOMPANIMENT_CHOICES, PARCOURS_CHOICES, Bilan

BOTTOM = 22 * mm
LEFT = 18 * mm  # and the right margin
POSITIONNEMENTS = {
    1: "objectifs d'apprentissage non atteints",
    2: "partiellement atteints",
    3: "atteints",
    4: "dépassés",
}


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def result_text(line: object) -> str:
    """« Moyenne 14,50 · classe 12,10 » or « Positionnement 3 (atteints) »."""
    positionnement = getattr(line, "positionnement", None)
    class_average = getattr(line, "class_average", None)
    if positionnement:
        shown = f"Positionnement {positionnement} ({POSITIONNEMENTS[positionnement]})"
    else:
        shown = f"Moyenne {_number(getattr(line, 'average', None))}"
    return f"{shown} · moyenne de la classe {_number(class_average)}"


def bilan_lines(bilan: Bilan) -> list[str]:
    """The document's text, in order (also what the tests read back)."""
    pupil = bilan.pupil
    texts = [
        f"{pupil.first_name} {pupil.display_last_name} — classe {bilan.division_code or '—'}",
        f"{bilan.period_label.capitalize()} {school_year_label(bilan.school_year)}, du "
        f"{bilan.starts_on:%d/%m/%Y} au {bilan.ends_on:%d/%m/%Y}"
        + (f" · conseil de classe du {bilan.council_on:%d/%m/%Y}" if bilan.council_on else ""),
    ]
    for line in bilan.lines.all():
        texts.append(f"{line.subject_label} ({line.teacher_name}) : {result_text(line)}")
        if line.programme_lines:
            texts.append("Éléments du programme travaillés : " + " ; ".join(line.programme_lines))
        if line.appreciation:
            texts.append(f"Appréciation : {line.appreciation}")
    return texts + closing_lines(bilan)


def closing_lines(bilan: Bilan) -> list[str]:
    """The vie scolaire, the parcours, the measures, the general appreciation, the signature."""
    texts = []
    texts.append(
        f"Vie scolaire : {bilan.retards or 0} retard(s), {bilan.half_days_justified or 0} "
        f"demi-journée(s) d'absence justifiée(s), {bilan.half_days_unjustified or 0} non "
        f"justifiée(s), {bilan.hours_missed or 0} heure(s) de cours manquée(s)."
    )
    labels = dict(PARCOURS_CHOICES)
    for code, text in bilan.parcours.items():
        texts.append(f"{labels.get(code, code)} : {text}")
    measures = dict(ACCOMPANIMENT_CHOICES)
    if bilan.accompaniments:
        texts.append(
            "Modalités d'accompagnement : "
            + ", ".join(measures.get(code, code) for code in bilan.accompaniments)
        )
    texts.append(f"Appréciation générale : {bilan.general_appreciation}")
    if bilan.locked_by_name:
        texts.append(f"Pour le conseil de classe, {bilan.locked_by_name}")
    return texts


def bilan_pdf(bilan: Bilan) -> bytes:
    """One pupil's bilan, the document the family downloads."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(
        f"Bilan périodique — {bilan.period_label} {school_year_label(bilan.school_year)}"
    )
    canvas.setAuthor(bilan.establishment.name)
    draw_bilan(canvas, bilan)
    canvas.save()
    return buffer.getvalue()


def bulletins_pdf(
    bilans: Iterable[Bilan],
    stream: BinaryIO,
    *,
    title: str,
    author: str,
    progress: Callable[[int], None] | None = None,
) -> None:
    """A class's bilans in one document for the secretariat, written to ``stream``: each pupil
    from a new page, in the order given; ``progress(n)`` after the n-th pupil."""
    canvas = Canvas(stream, pagesize=A4)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    for count, bilan in enumerate(bilans, start=1):
        draw_bilan(canvas, bilan)
        if progress is not None:
            progress(count)
    canvas.save()


def page_header(canvas: Canvas, establishment: Establishment) -> float:
    """The establishment's name and UAI atop a page; returns where the page's text starts."""
    width, height = A4
    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 12)
    canvas.drawString(LEFT, height - 20 * mm, establishment.name)
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 9)
    canvas.drawRightString(width - LEFT, height - 20 * mm, f"UAI {establishment.uai}")
    canvas.setFillColor(HexColor("#000000"))
    return height - 32 * mm


def document_title(canvas: Canvas, y: float, title: str, subtitles: list[str]) -> float:
    """The document's title and, in bold, who and when it is about; returns the next line."""
    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 15)
    canvas.drawString(LEFT, y, title)
    canvas.setFillColor(HexColor("#000000"))
    y -= 9 * mm
    for text in subtitles:
        y = paragraph(canvas, text, LEFT, y, A4[0] - 2 * LEFT, font=SANS_BOLD, size=10.5) - 1 * mm
    return y


def draw_bilan(canvas: Canvas, bilan: Bilan) -> None:
    """Draws one bilan from a new page, on as many pages as it needs, and ends its last page."""
    left, right = LEFT, A4[0] - LEFT

    def header() -> float:
        return page_header(canvas, bilan.establishment)

    def room(y: float, needed: float) -> float:
        if y - needed > BOTTOM:
            return y
        canvas.showPage()
        return header()

    y = document_title(canvas, header(), "Bilan périodique", bilan_lines(bilan)[:2]) - 4 * mm
    for line in bilan.lines.all():
        y = room(y, 24 * mm)
        canvas.setStrokeColor(GREY)
        canvas.line(left, y + 4 * mm, right, y + 4 * mm)
        y = paragraph(
            canvas,
            f"{line.subject_label} — {line.teacher_name}",
            left,
            y,
            right - left,
            font=SANS_BOLD,
            size=10,
        )
        y = paragraph(canvas, result_text(line), left, y, right - left, size=9.5, leading=12)
        if line.programme_lines:
            y = paragraph(
                canvas,
                "Éléments du programme travaillés : " + " ; ".join(line.programme_lines),
                left,
                y,
                right - left,
                size=9,
                leading=11.5,
            )
        if line.appreciation:
            y = room(y, 14 * mm)
            y = paragraph(canvas, line.appreciation, left, y, right - left, size=9.5, leading=12)
        y -= 4 * mm
    for text in closing_lines(bilan):
        y = room(y, 18 * mm)
        bold = text.startswith(("Appréciation générale", "Pour le conseil"))
        y = (
            paragraph(
                canvas, text, left, y, right - left, font=SANS_BOLD if bold else SANS, size=10
            )
            - 3 * mm
        )
    canvas.showPage()
