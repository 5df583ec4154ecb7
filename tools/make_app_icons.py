"""Draws Cartable's home screen icons (web app manifest, apple-touch-icon) with Pillow: a white
satchel — a *cartable* — with a red clasp on the DSFR's "bleu France". Nothing is downloaded.

    .venv/bin/python tools/make_app_icons.py      # writes static/img/app/*.png

"any" icons have rounded corners and the satchel large; the maskable one fills its square and
keeps the satchel inside the central safe zone (a circle of 40 % of the width around the centre),
since launchers crop it to their own shape. iOS rounds the apple-touch-icon's corners itself.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "app"
BLUE_FRANCE = (0, 0, 145)  # #000091, --background-action-high-blue-france
RED_MARIANNE = (225, 0, 15)  # #e1000f
WHITE = (255, 255, 255)
LIGHT_BLUE = (202, 202, 251)  # #cacafb, --border-action-low-blue-france
SUPERSAMPLE = 4


def _satchel(draw: ImageDraw.ImageDraw, *, cx: float, cy: float, width: float) -> None:
    """A satchel ``width`` wide centred on (cx, cy): handle, body, flap, clasp."""
    w = width
    h = w * 0.78
    left, top = cx - w / 2, cy - h / 2 + w * 0.06
    right, bottom = cx + w / 2, top + h
    stroke = w * 0.075
    # Handle: an arch above the body.
    hw = w * 0.34
    draw.rounded_rectangle(
        (cx - hw / 2, top - w * 0.2, cx + hw / 2, top + w * 0.12),
        radius=w * 0.1,
        outline=WHITE,
        width=round(stroke),
    )
    # Body.
    draw.rounded_rectangle((left, top, right, bottom), radius=w * 0.12, fill=WHITE)
    # Flap: the upper part of the body, in a lighter blue, with a rounded lower edge.
    flap_bottom = top + h * 0.5
    draw.rounded_rectangle(
        (left + stroke * 0.6, top + stroke * 0.6, right - stroke * 0.6, flap_bottom),
        radius=w * 0.09,
        fill=LIGHT_BLUE,
    )
    # Clasp, across the flap's edge.
    cw, ch = w * 0.16, h * 0.2
    draw.rounded_rectangle(
        (cx - cw / 2, flap_bottom - ch * 0.55, cx + cw / 2, flap_bottom + ch * 0.45),
        radius=w * 0.03,
        fill=RED_MARIANNE,
    )


def icon(size: int, *, maskable: bool = False, rounded: bool = True) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable or not rounded:
        draw.rectangle((0, 0, big, big), fill=BLUE_FRANCE)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BLUE_FRANCE)
    # Maskable: the satchel (with its handle) fits in the safe circle of radius 0.4 × size.
    width = big * (0.5 if maskable else 0.64)
    _satchel(draw, cx=big / 2, cy=big / 2, width=width)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192).save(OUT / "icon-192.png", optimize=True)
    icon(512).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(OUT.parent.parent.parent)} ({path.stat().st_size} octets)")


if __name__ == "__main__":
    main()
