#!/usr/bin/env python3
"""Draws the site's icons (favicon.ico, touch and web app icons) into
src/roznama/static/roznama/icons/. Run again after changing the mark; the results are committed."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "src" / "roznama" / "static" / "roznama" / "icons"
ACCENT = (11, 110, 79)  # --accent in site.css
PAPER = (255, 255, 255)


def mark(size: int, padding: float = 0.0) -> Image.Image:
    """A folded newspaper (a page with a headline bar and columns of text) on the house green,
    with ``padding`` of the edge left plain (the safe zone of a maskable icon)."""
    scale = 4  # drawn large, scaled down: smooth edges
    s = size * scale
    image = Image.new("RGB", (s, s), ACCENT)
    draw = ImageDraw.Draw(image)
    inset = s * (0.2 + padding * 0.6)
    left, top, right, bottom = inset, inset, s - inset, s - inset
    draw.rounded_rectangle((left, top, right, bottom), radius=s * 0.04, fill=PAPER)
    width, height = right - left, bottom - top
    bar = top + height * 0.12
    draw.rectangle((left + width * 0.12, bar, right - width * 0.12, bar + height * 0.16), fill=ACCENT)
    line_h = height * 0.07
    y = bar + height * 0.28
    middle = left + width * 0.5
    while y + line_h < bottom - height * 0.1:
        draw.rectangle((left + width * 0.12, y, middle - width * 0.05, y + line_h), fill=ACCENT)
        draw.rectangle((middle + width * 0.05, y, right - width * 0.12, y + line_h), fill=ACCENT)
        y += line_h * 2
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    mark(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    mark(180).save(OUT / "apple-touch-icon.png", optimize=True)
    mark(192).save(OUT / "icon-192.png", optimize=True)
    mark(512).save(OUT / "icon-512.png", optimize=True)
    mark(512, padding=0.2).save(OUT / "icon-maskable-512.png", optimize=True)
    for path in sorted(OUT.iterdir()):
        print(path.name, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
