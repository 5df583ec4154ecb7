"""The « notification de décision » of a demande de bourse: one A4 page drawn with ReportLab, with
the colours and paragraph helper of the printed letters (activation.pdf)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from activation.pdf import BLUE, GREY, SANS, SANS_BOLD
from activation.pdf import _paragraph as paragraph
from core.schoolyear import school_year_label

from .models import BourseRequest


def _amount(value: Decimal | None) -> str:
    return f"{value or 0:,.2f}".replace(",", " ").replace(".", ",") + " €"


def decision_lines(request: BourseRequest) -> list[str]:
    """The decision's paragraphs, in French (also what the tests read)."""
    pupil = request.pupil
    year = school_year_label(request.school_year)
    division = pupil.division.code if pupil.division else "classe non renseignée"
    who = f"{pupil.first_name} {pupil.display_last_name}, élève de {division}"
    decided = timezone.localtime(request.decided_at) if request.decided_at else None
    lines = [
        f"Objet : votre demande de bourse de collège pour l'année scolaire {year}, pour {who}.",
        f"Demande envoyée le {timezone.localtime(request.submitted_at):%d/%m/%Y}."
        if request.submitted_at
        else "",
    ]
    if request.status == BourseRequest.State.ACCEPTED:
        lines.append(
            f"Décision : la bourse de collège est accordée à l'échelon {request.echelon}, pour un "
            f"montant annuel de {_amount(request.yearly_amount)}, versé par trimestre."
        )
    elif request.status == BourseRequest.State.REFUSED:
        lines.append("Décision : la demande de bourse de collège est refusée.")
        lines.append(f"Motif : {request.refusal_reason}")
    if decided:
        lines.append(f"Décision prise le {decided:%d/%m/%Y}.")
    lines.append(
        "Vous pouvez contester cette décision auprès du chef d'établissement dans un délai de "
        "deux mois (recours gracieux), puis auprès du tribunal administratif."
    )
    return [line for line in lines if line]


def decision_pdf(request: BourseRequest) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle("Notification de décision — bourse de collège")
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    establishment = request.pupil.establishment
    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 12)
    canvas.drawString(left, height - 22 * mm, establishment.name)
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 9.5)
    day = timezone.localtime(request.decided_at or timezone.now())
    canvas.drawRightString(right, height - 22 * mm, f"Le {day:%d/%m/%Y}")
    y = height - 60 * mm
    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 14)
    canvas.drawString(left, y, "Notification de décision — bourse de collège")
    y -= 12 * mm
    canvas.setFillColor(HexColor("#000000"))
    for line in decision_lines(request):
        y = paragraph(canvas, line, left, y, right - left) - 4 * mm
    y -= 10 * mm
    canvas.setFont(SANS, 10.5)
    canvas.drawString(left, y, "Le chef d'établissement")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
