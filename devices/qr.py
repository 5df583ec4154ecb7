"""The pairing's QR code as inline SVG: one path of black modules on a white square, no style
attribute (the Content-Security-Policy refuses inline styles), sized by the page's CSS."""

from __future__ import annotations

import qrcode
from django.utils.html import format_html
from django.utils.safestring import SafeString

BORDER = 4  # modules of quiet zone, as the QR code standard asks


def qr_svg(data: str, *, title: str) -> SafeString:
    code = qrcode.QRCode(border=BORDER, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # with its quiet zone
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="devices-qr" viewBox="0 0 {size} {size}" '
        'role="img" aria-labelledby="qr-titre" shape-rendering="crispEdges">'
        '<title id="qr-titre">{title}</title>'
        '<rect width="{size}" height="{size}" fill="#ffffff"/>'
        '<path d="{path}" fill="#000000"/></svg>',
        size=size,
        title=title,
        path=path,
    )
