"""The printed courrier de notification: one A4 page per letter, ReportLab canvas.

Drawn with the canvas rather than platypus: a rentrée batch is 1,600 pages and the layout is
fixed, so direct drawing keeps it to a few seconds. The QR code is the same for every letter
(the first-connection page): it is rendered once and ReportLab embeds the image once.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

import qrcode
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

BLUE = HexColor("#000091")  # DSFR "bleu France"
GREY = HexColor("#3a3a3a")
SANS = "Helvetica"
SANS_BOLD = "Helvetica-Bold"
MONO = "Courier-Bold"


@dataclass(frozen=True)
class PrintedLetter:
    identifier: str
    password: str
    pupil_name: str
    division: str
    establishment_name: str
    establishment_city: str
    academie: str
    created_on: datetime.date
    deadline: datetime.date
    portal_url: str
    first_connection_url: str
    is_guardian: bool
    recipient_lines: tuple[str, ...] = ()


def qr_image(url: str) -> ImageReader:
    code = qrcode.QRCode(border=1, box_size=6, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def _paragraph(
    canvas: Canvas, text: str, x: float, y: float, width: float, *, font=SANS, size=10.5, leading=14
) -> float:
    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= leading
    return y


def letter_introduction(letter: PrintedLetter) -> str:
    """Who the account is for: the guardian is the responsable, never the establishment."""
    division = letter.division or "classe non renseignée"
    if letter.is_guardian:
        return (
            f"En tant que responsable de {letter.pupil_name}, élève de {division}, vous trouverez "
            f"ci-dessous l'identifiant et le mot de passe de votre compte de parent pour accéder "
            f"aux services en ligne de l'établissement {letter.establishment_name} :"
        )
    return (
        f"Vous trouverez ci-dessous l'identifiant et le mot de passe du compte élève de "
        f"{letter.pupil_name}, élève de {division}, pour accéder aux services en ligne de "
        f"l'établissement {letter.establishment_name} :"
    )


def _draw_letter(canvas: Canvas, letter: PrintedLetter, qr: ImageReader) -> None:
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    text_width = right - left

    # Header: establishment top left, creation date top right (the letter's validity starts there).
    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 12)
    canvas.drawString(left, height - 22 * mm, letter.establishment_name)
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 9.5)
    canvas.drawString(
        left, height - 27 * mm, f"Académie de {letter.academie}" if letter.academie else ""
    )
    canvas.drawRightString(
        right,
        height - 22 * mm,
        f"{letter.establishment_city}, le {letter.created_on:%d/%m/%Y}".lstrip(", "),
    )
    canvas.drawRightString(
        right, height - 27 * mm, f"Date de création du courrier : {letter.created_on:%d/%m/%Y}"
    )

    # Recipient block placed for a window envelope (guardians); pupils receive it in class.
    canvas.setFillColor(HexColor("#000000"))
    y = height - 50 * mm
    if letter.recipient_lines:
        canvas.setFont(SANS, 11)
        for line in letter.recipient_lines:
            canvas.drawString(110 * mm, y, line)
            y -= 5 * mm
    y = height - 90 * mm

    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 14)
    canvas.drawString(left, y, "Courrier de notification — Services en ligne")
    y -= 9 * mm
    canvas.setFillColor(HexColor("#000000"))
    y = _paragraph(
        canvas,
        "En ce qui concerne votre compte d'accès aux services en ligne :",
        left,
        y,
        text_width,
    )
    y -= 2 * mm
    y = _paragraph(canvas, letter_introduction(letter), left, y, text_width)
    # Credentials box, monospaced and large: no 0/O or 1/I/L in the alphabet, but still readable.
    y -= 4 * mm
    box_height = 26 * mm
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(1.2)
    canvas.rect(left, y - box_height, text_width, box_height, stroke=1, fill=0)
    for offset, label, value in (
        (10, "Identifiant :", letter.identifier),
        (20, "Mot de passe * :", letter.password),
    ):
        canvas.setFont(SANS, 11)
        canvas.drawString(left + 6 * mm, y - offset * mm, label)
        canvas.setFont(MONO, 17)
        canvas.drawString(left + 45 * mm, y - (offset + 0.5) * mm, value)
    y -= box_height + 5 * mm
    canvas.setFont(SANS, 9)
    canvas.drawString(
        left,
        y,
        "* Mot de passe provisoire, à usage unique, à modifier lors de la première connexion.",
    )
    y -= 8 * mm

    canvas.setFont(SANS_BOLD, 10.5)
    y = _paragraph(
        canvas,
        f"Vous disposez d'un délai de 3 mois pour activer votre compte, soit jusqu'au "
        f"{letter.deadline:%d/%m/%Y}. Au-delà, votre compte sera supprimé et vous devrez demander "
        f"un nouveau courrier à l'établissement.",
        left,
        y,
        text_width,
        font=SANS_BOLD,
    )
    y -= 5 * mm

    canvas.setFillColor(BLUE)
    canvas.setFont(SANS_BOLD, 12)
    canvas.drawString(left, y, "Première connexion : les étapes")
    canvas.setFillColor(HexColor("#000000"))
    y -= 7 * mm
    email_rule = (
        "votre adresse électronique (obligatoire)"
        if letter.is_guardian
        else "votre adresse électronique (facultative, mais indispensable pour retrouver seul un mot de passe oublié)"
    )
    steps = [
        f"1. Rendez-vous sur {letter.portal_url} (ou flashez le QR code ci-contre) et choisissez "
        "« Élève ou parent d'élève ».",
        "2. Saisissez l'identifiant et le mot de passe provisoire ci-dessus.",
        f"3. Choisissez votre nouveau mot de passe, indiquez {email_rule} et la date de naissance "
        "de l'élève.",
        "4. Ouvrez le mail « Message des services en ligne - Activation de votre compte » et cliquez "
        "sur le lien qu'il contient (pensez à vérifier les courriers indésirables).",
    ]
    qr_size = 38 * mm
    steps_width = text_width - qr_size - 6 * mm
    top_of_steps = y
    for step in steps:
        y = _paragraph(canvas, step, left, y, steps_width, size=10.5, leading=13.5)
        y -= 2 * mm
    canvas.drawImage(qr, right - qr_size, top_of_steps - qr_size + 4 * mm, qr_size, qr_size)
    canvas.setFont(SANS, 7.5)
    canvas.drawCentredString(
        right - qr_size / 2, top_of_steps - qr_size + 1 * mm, "Première connexion"
    )
    canvas.drawCentredString(
        right - qr_size / 2, top_of_steps - qr_size - 2.5 * mm, letter.first_connection_url
    )

    canvas.setFont(SANS, 8.5)
    canvas.setFillColor(GREY)
    _paragraph(
        canvas,
        "Ce courrier est personnel : ne communiquez jamais votre identifiant ni votre mot de passe. "
        "Les parents et les élèves ont des comptes distincts. En cas de difficulté, contactez "
        "l'établissement.",
        left,
        22 * mm,
        text_width,
        size=8.5,
        leading=11,
    )


def letters_pdf(letters: Iterable[PrintedLetter], stream, *, first_connection_url: str) -> int:
    """Writes one page per letter to ``stream``; returns the number of pages."""
    canvas = Canvas(stream, pagesize=A4, pageCompression=1)
    canvas.setTitle("Courriers de notification")
    canvas.setAuthor("Cartable")
    qr = qr_image(first_connection_url)
    pages = 0
    for letter in letters:
        _draw_letter(canvas, letter, qr)
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def letters_pdf_bytes(letters: Iterable[PrintedLetter], *, first_connection_url: str) -> bytes:
    buffer = io.BytesIO()
    letters_pdf(letters, buffer, first_connection_url=first_connection_url)
    return buffer.getvalue()
