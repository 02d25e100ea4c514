"""Pictures, clips and captions for the demo, drawn from the specs in ``content/``.

Everything is deterministic: the same spec always gives the same bytes (seeded by its key),
so the files can be generated once on the reader's machine instead of shipped.

``generate_image(spec)`` draws a news-photo-like illustration (JPEG; the logo is a PNG),
``generate_video(spec, poster_bytes)`` films a slow pan over the poster (H.264 MP4),
``captions_vtt(cues)`` writes WebVTT, and ``ensure_media(directory)`` makes every file once.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import random
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

CONTENT = Path(__file__).resolve().parent / "content"

VIDEO_SIZE = (640, 360)
VIDEO_FPS = 24

Color = tuple[int, int, int]


def load_content(name: str):
    """One of the JSON files in ``content/``."""
    return json.loads((CONTENT / name).read_text("utf-8"))


# --- colour and canvas helpers ---------------------------------------------------------


def _rgb(value: str) -> Color:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(a: Color, b: Color, t: float) -> Color:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def _shade(c: Color, factor: float) -> Color:
    """factor < 1 darkens, > 1 lightens towards white."""
    if factor <= 1:
        return tuple(int(x * factor) for x in c)  # type: ignore[return-value]
    return _mix(c, (255, 255, 255), min(1.0, factor - 1))


def _seed(spec: dict) -> int:
    return int.from_bytes(hashlib.sha256(str(spec.get("key", "")).encode()).digest()[:8], "big")


def _palette(spec: dict) -> list[Color]:
    colors = [_rgb(c) for c in spec.get("palette") or ["#1d3557", "#457b9d", "#f1c453"]]
    while len(colors) < 3:
        colors.append(_shade(colors[-1], 1.4))
    return colors


def _vertical_gradient(w: int, h: int, stops: list[tuple[float, Color]]) -> Image.Image:
    ys = np.linspace(0.0, 1.0, h)
    positions = [p for p, _ in stops]
    channels = [np.interp(ys, positions, [c[i] for _, c in stops]) for i in range(3)]
    column = np.stack(channels, axis=1).astype(np.uint8)  # h x 3
    return Image.fromarray(np.repeat(column[:, None, :], w, axis=1), "RGB")


def _vignette(img: Image.Image, strength: float = 0.35) -> Image.Image:
    w, h = img.size
    sw, sh = max(1, w // 8), max(1, h // 8)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    d = np.hypot((xx / sw - 0.5) * 1.6, (yy / sh - 0.5) * 1.6)
    mask = np.clip(1 - strength * d**2, 0, 1)
    small = Image.fromarray((mask * 255).astype(np.uint8), "L").resize((w, h), Image.BICUBIC)
    black = Image.new("RGB", (w, h), (0, 0, 0))
    return Image.composite(img, black, small)


def _grain(img: Image.Image, rng: np.random.Generator, amount: float = 4.0) -> Image.Image:
    arr = np.asarray(img, dtype=np.int16)
    noise = rng.normal(0, amount, arr.shape[:2])[..., None]
    return Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "RGB")


class _Canvas:
    """An RGBA canvas with translucent drawing layers, drawn at ``scale`` for smooth edges."""

    def __init__(self, base: Image.Image, scale: int):
        self.img = base.convert("RGBA")
        self.scale = scale
        self.w, self.h = self.img.size

    def layer(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        layer = Image.new("RGBA", self.img.size, (0, 0, 0, 0))
        return layer, ImageDraw.Draw(layer)

    def add(self, layer: Image.Image) -> None:
        self.img.alpha_composite(layer)

    def glow(self, center: tuple[float, float], radius: float, color: Color, strength: float = 1.0) -> None:
        """A soft radial light, drawn only in the box it reaches (computed coarse, then enlarged)."""
        reach = radius * 2.3
        x0, y0 = max(0, int(center[0] - reach)), max(0, int(center[1] - reach))
        x1, y1 = min(self.w, int(center[0] + reach) + 1), min(self.h, int(center[1] + reach) + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        step = 8
        sw, sh = max(2, (x1 - x0) // step), max(2, (y1 - y0) // step)
        xs = np.linspace(x0, x1, sw, dtype=np.float32)
        ys = np.linspace(y0, y1, sh, dtype=np.float32)
        d = np.hypot(xs[None, :] - center[0], ys[:, None] - center[1]) / max(radius, 1)
        alpha = np.clip(np.exp(-d * d * 1.6) * 255 * strength, 0, 255).astype(np.uint8)
        size = (x1 - x0, y1 - y0)
        mask = Image.fromarray(alpha, "L").resize(size, Image.BILINEAR)
        patch = Image.merge("RGBA", [Image.new("L", size, v) for v in color] + [mask])
        self.img.alpha_composite(patch, (x0, y0))

    def soft(self, layer: Image.Image, radius: float) -> Image.Image:
        """Blur a layer cheaply: shrink, blur, enlarge."""
        small = layer.resize((max(1, self.w // 4), max(1, self.h // 4)), Image.BILINEAR)
        return small.filter(ImageFilter.GaussianBlur(max(radius / 4, 0.5))).resize(layer.size, Image.BICUBIC)

    def finish(self, size: tuple[int, int]) -> Image.Image:
        return self.img.convert("RGB").resize(size, Image.LANCZOS)


# --- motifs -----------------------------------------------------------------------------


def _motif_skyline(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    horizon = 0.74
    c.img = _vertical_gradient(w, h, [(0, _shade(pal[0], 0.8)), (horizon, pal[1]), (1, _shade(pal[0], 0.5))]).convert(
        "RGBA"
    )
    sun = (w * rng.uniform(0.22, 0.78), h * rng.uniform(0.36, 0.5))
    c.glow(sun, h * 0.45, pal[2], 0.55)
    layer, d = c.layer()
    r = h * 0.075
    d.ellipse([sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r], fill=_shade(pal[2], 1.25) + (235,))
    c.add(layer)
    # Two rows of buildings: a hazy far row, then a dark near row with lit windows.
    for row, (lo, hi, tone) in enumerate([(0.08, 0.24, 0.62), (0.14, 0.42, 0.28)]):
        layer, d = c.layer()
        color = _mix(_shade(pal[0], tone), pal[1], 0.25 if row == 0 else 0.05)
        x = -rng.uniform(0, w * 0.03)
        base = h * (horizon + 0.02 * row)
        while x < w:
            bw = w * rng.uniform(0.03, 0.075)
            bh = h * rng.uniform(lo, hi)
            top = base - bh
            d.rectangle([x, top, x + bw, h], fill=color)
            kind = rng.random()
            if kind < 0.16:  # a dome
                d.ellipse([x + bw * 0.1, top - bw * 0.45, x + bw * 0.9, top + bw * 0.35], fill=color)
                d.rectangle([x + bw * 0.48, top - bw * 0.7, x + bw * 0.52, top - bw * 0.4], fill=color)
            elif kind < 0.26:  # a minaret beside the block
                mx = x + bw * 0.85
                d.rectangle([mx, top - h * 0.12, mx + bw * 0.14, top], fill=color)
                d.polygon(
                    [
                        (mx - bw * 0.04, top - h * 0.12),
                        (mx + bw * 0.18, top - h * 0.12),
                        (mx + bw * 0.07, top - h * 0.17),
                    ],
                    fill=color,
                )
            elif kind < 0.36:  # antenna
                d.rectangle([x + bw * 0.5, top - h * 0.06, x + bw * 0.5 + c.scale * 2, top], fill=color)
            if row == 1:
                win = _shade(pal[2], 1.15)
                step_x, step_y = bw / 5, h * 0.035
                for wy in np.arange(top + step_y * 0.8, h * 0.98, step_y):
                    for wx in np.arange(x + step_x * 0.6, x + bw - step_x * 0.5, step_x):
                        if rng.random() < 0.34:
                            a = rng.randint(90, 230)
                            d.rectangle([wx, wy, wx + step_x * 0.45, wy + step_y * 0.45], fill=win + (a,))
            x += bw + w * rng.uniform(0.0, 0.012)
        c.add(layer if row else c.soft(layer, c.scale * 2))
    # A road or waterfront at the bottom, with streaks of light.
    layer, d = c.layer()
    d.rectangle([0, h * 0.93, w, h], fill=_shade(pal[0], 0.2) + (255,))
    for _ in range(26):
        y = h * rng.uniform(0.945, 0.99)
        x0 = w * rng.uniform(-0.1, 1.0)
        d.rectangle(
            [x0, y, x0 + w * rng.uniform(0.03, 0.12), y + c.scale * 2],
            fill=_shade(pal[2], 1.2) + (rng.randint(80, 200),),
        )
    c.add(layer)


def _motif_cricket(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    grass, pitch_color, accent = pal
    c.img = _vertical_gradient(
        w, h, [(0, _shade(pal[0], 0.25)), (0.3, _shade(pal[0], 0.4)), (1, _shade(pal[0], 0.6))]
    ).convert("RGBA")
    # The stands: a band of tiny spectators.
    layer, d = c.layer()
    crowd = [
        accent,
        _shade(accent, 0.6),
        (230, 230, 225),
        _mix(grass, (255, 255, 255), 0.3),
        (40, 60, 120),
        (200, 60, 50),
    ]
    for _ in range(2600):
        x, y = rng.uniform(0, w), h * rng.uniform(0.06, 0.34)
        r = c.scale * rng.uniform(2.0, 4.2) * (0.6 + y / h)
        col = rng.choice(crowd)
        d.ellipse([x - r, y - r, x + r, y + r], fill=_shade(col, rng.uniform(0.45, 0.85)) + (255,))
    c.add(layer)
    # Floodlights on pylons.
    for fx in (0.08, 0.92):
        layer, d = c.layer()
        px = w * fx
        d.rectangle([px - c.scale * 3, h * 0.06, px + c.scale * 3, h * 0.3], fill=(25, 25, 30, 255))
        d.rectangle([px - w * 0.035, h * 0.02, px + w * 0.035, h * 0.07], fill=(245, 245, 230, 255))
        c.add(layer)
        c.glow((px, h * 0.05), h * 0.3, (255, 250, 225), 0.75)
    # The field: mown stripes inside an oval.
    ox0, oy0, ox1, oy1 = -w * 0.15, h * 0.3, w * 1.15, h * 1.45
    stripes = Image.new("RGBA", c.img.size, grass + (255,))
    sd = ImageDraw.Draw(stripes)
    band = w / 14
    for i in range(15):
        if i % 2:
            sd.rectangle([i * band, 0, (i + 1) * band, h], fill=_shade(grass, 1.1) + (255,))
    mask = Image.new("L", c.img.size, 0)
    ImageDraw.Draw(mask).ellipse([ox0, oy0, ox1, oy1], fill=255)
    c.img.paste(stripes, (0, 0), mask)
    layer, d = c.layer()
    d.ellipse(
        [ox0 + w * 0.04, oy0 + h * 0.04, ox1 - w * 0.04, oy1 - h * 0.04],
        outline=(250, 250, 250, 200),
        width=c.scale * 3,
    )
    # The pitch, in perspective, with creases and stumps.
    cx = w * 0.5
    top, bottom = h * 0.46, h * 0.96
    tw, bw = w * 0.045, w * 0.1
    d.polygon([(cx - tw, top), (cx + tw, top), (cx + bw, bottom), (cx - bw, bottom)], fill=pitch_color + (255,))
    for t in (0.08, 0.16, 0.84, 0.92):
        y = top + (bottom - top) * t
        half = tw + (bw - tw) * t + w * 0.02
        d.rectangle([cx - half, y, cx + half, y + c.scale * 2.5], fill=(255, 255, 255, 235))
    for t, sh in ((0.12, 0.05), (0.88, 0.09)):
        y = top + (bottom - top) * t
        gap = (tw + (bw - tw) * t) * 0.12
        for k in (-1, 0, 1):
            d.rectangle(
                [cx + k * gap - c.scale * 1.5, y - h * sh, cx + k * gap + c.scale * 1.5, y],
                fill=_shade(accent, 1.1) + (255,),
            )
    c.add(layer)
    # Players as small figures with shadows.
    layer, d = c.layer()
    for _ in range(rng.randint(5, 8)):
        x, y = w * rng.uniform(0.12, 0.88), h * rng.uniform(0.5, 0.9)
        s = h * 0.05 * (0.5 + y / h)
        d.ellipse([x - s * 0.5, y - s * 0.08, x + s * 0.9, y + s * 0.1], fill=(0, 0, 0, 70))
        d.rounded_rectangle([x - s * 0.18, y - s, x + s * 0.18, y], radius=s * 0.15, fill=(245, 245, 240, 255))
        d.ellipse([x - s * 0.13, y - s * 1.3, x + s * 0.13, y - s * 1.02], fill=(120, 85, 60, 255))
    c.add(layer)


def _crescent_mask(
    size: tuple[int, int], center: tuple[float, float], r: float, offset: tuple[float, float]
) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse([center[0] - r, center[1] - r, center[0] + r, center[1] + r], fill=255)
    cut = Image.new("L", size, 0)
    ox, oy = center[0] + offset[0], center[1] + offset[1]
    ImageDraw.Draw(cut).ellipse([ox - r * 0.88, oy - r * 0.88, ox + r * 0.88, oy + r * 0.88], fill=255)
    return ImageChops.subtract(mask, cut)


def _mosque(d: ImageDraw.ImageDraw, cx: float, base: float, s: float, color) -> None:
    d.rectangle([cx - s * 1.6, base - s * 0.9, cx + s * 1.6, base + s * 4], fill=color)
    d.ellipse([cx - s, base - s * 2.3, cx + s, base - s * 0.3], fill=color)
    d.rectangle([cx - s * 0.04, base - s * 2.75, cx + s * 0.04, base - s * 2.1], fill=color)
    for side in (-1, 1):
        mx = cx + side * s * 2.1
        d.rectangle([mx - s * 0.16, base - s * 3.2, mx + s * 0.16, base + s * 4], fill=color)
        d.rectangle([mx - s * 0.26, base - s * 2.5, mx + s * 0.26, base - s * 2.36], fill=color)
        d.polygon([(mx - s * 0.2, base - s * 3.2), (mx + s * 0.2, base - s * 3.2), (mx, base - s * 3.75)], fill=color)
        sx = cx + side * s * 1.15
        d.ellipse([sx - s * 0.45, base - s * 1.35, sx + s * 0.45, base - s * 0.45], fill=color)


def _motif_crescent(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    night, dusk, gold = pal
    c.img = _vertical_gradient(
        w, h, [(0, _shade(night, 0.55)), (0.6, night), (0.9, dusk), (1, _shade(dusk, 0.7))]
    ).convert("RGBA")
    layer, d = c.layer()
    for _ in range(220):
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.7)
        r = c.scale * rng.uniform(0.6, 2.0)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 250, 235, rng.randint(60, 230)))
    c.add(layer)
    moon = (w * rng.uniform(0.62, 0.78), h * rng.uniform(0.2, 0.3))
    r = h * 0.13
    c.glow(moon, h * 0.4, gold, 0.45)
    layer = Image.new("RGBA", c.img.size, _shade(gold, 1.2) + (255,))
    c.img.paste(layer, (0, 0), _crescent_mask(c.img.size, moon, r, (r * 0.42, -r * 0.18)))
    # Hanging lanterns.
    layer, d = c.layer()
    for i, lx in enumerate(np.linspace(w * 0.06, w * 0.44, 4)):
        drop = h * (0.16 + 0.09 * ((i * 7) % 3))
        d.line([lx, 0, lx, drop], fill=_shade(gold, 0.7) + (255,), width=c.scale * 2)
        s = h * 0.035
        d.polygon(
            [
                (lx - s, drop + s * 0.6),
                (lx + s, drop + s * 0.6),
                (lx + s * 0.6, drop + s * 2.6),
                (lx - s * 0.6, drop + s * 2.6),
            ],
            fill=_shade(gold, 1.15) + (255,),
        )
        d.polygon(
            [(lx - s * 1.1, drop + s * 0.6), (lx + s * 1.1, drop + s * 0.6), (lx, drop - s * 0.2)],
            fill=_shade(gold, 0.6) + (255,),
        )
    c.add(layer)
    for i, lx in enumerate(np.linspace(w * 0.06, w * 0.44, 4)):
        drop = h * (0.16 + 0.09 * ((i * 7) % 3))
        c.glow((lx, drop + h * 0.06), h * 0.12, gold, 0.5)
    layer, d = c.layer()
    silhouette = _shade(night, 0.25) + (255,)
    _mosque(d, w * 0.5, h * 0.8, h * 0.11, silhouette)
    d.rectangle([0, h * 0.9, w, h], fill=silhouette)
    for x0 in (0.04, 0.76):
        x = w * x0
        while x < w * (x0 + 0.2):
            bh = h * rng.uniform(0.08, 0.2)
            bw = w * rng.uniform(0.03, 0.05)
            d.rectangle([x, h * 0.9 - bh, x + bw, h], fill=silhouette)
            x += bw
    c.add(layer)


def _motif_chart(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    bg, bar, line = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(bg, 1.15)), (1, _shade(bg, 0.6))]).convert("RGBA")
    layer, d = c.layer()
    for gy in np.linspace(h * 0.15, h * 0.85, 8):
        d.line([w * 0.06, gy, w * 0.94, gy], fill=(255, 255, 255, 28), width=c.scale)
    for gx in np.linspace(w * 0.06, w * 0.94, 12):
        d.line([gx, h * 0.15, gx, h * 0.85], fill=(255, 255, 255, 14), width=c.scale)
    c.add(layer)
    n = rng.randint(11, 15)
    values, v = [], rng.uniform(0.3, 0.45)
    for _ in range(n):
        v = min(0.95, max(0.12, v + rng.uniform(-0.09, 0.13)))
        values.append(v)
    span = w * 0.88 / n
    layer, d = c.layer()
    tops = []
    for i, val in enumerate(values):
        x0 = w * 0.06 + i * span + span * 0.18
        x1 = x0 + span * 0.64
        y = h * 0.85 - val * h * 0.68
        d.rounded_rectangle([x0, y, x1, h * 0.85], radius=span * 0.08, fill=bar + (210,))
        d.rectangle([x0, y, x1, y + h * 0.012], fill=_shade(bar, 1.35) + (255,))
        tops.append(((x0 + x1) / 2, y - h * 0.05 - rng.uniform(0, h * 0.04)))
    c.add(layer)
    area, d = c.layer()
    d.polygon(tops + [(tops[-1][0], h * 0.85), (tops[0][0], h * 0.85)], fill=line + (38,))
    c.add(area)
    c.glow(tops[-1], h * 0.25, line, 0.5)
    layer, d = c.layer()
    d.line(tops, fill=line + (255,), width=c.scale * 4, joint="curve")
    for x, y in tops:
        r = c.scale * 6
        d.ellipse([x - r, y - r, x + r, y + r], fill=line + (255,), outline=_shade(bg, 0.5) + (255,), width=c.scale * 2)
    d.line([w * 0.06, h * 0.85, w * 0.94, h * 0.85], fill=(255, 255, 255, 120), width=c.scale * 2)
    c.add(layer)


_SKIN = [(224, 182, 146), (198, 150, 110), (170, 120, 86), (140, 98, 70), (236, 200, 168)]
_HAIR = [(30, 24, 22), (55, 38, 28), (20, 20, 22), (90, 70, 55), (120, 120, 118)]


def _motif_portrait(c: _Canvas, pal: list[Color], rng: random.Random, variant: str | None = None) -> None:
    w, h = c.w, c.h
    bg, cloth, light = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(bg, 1.2)), (1, _shade(bg, 0.7))]).convert("RGBA")
    for _ in range(7):  # out-of-focus lights behind the sitter
        c.glow((rng.uniform(0, w), rng.uniform(0, h * 0.7)), h * rng.uniform(0.08, 0.2), light, 0.35)
    c.glow((w * 0.5, h * 0.45), h * 0.55, _shade(bg, 1.5), 0.5)
    variant = variant or rng.choice(["short", "long", "scarf", "cap"])
    skin, hair = rng.choice(_SKIN), rng.choice(_HAIR)
    scarf = _shade(_mix(cloth, light, 0.3), 1.05)
    cx, hy = w * 0.5, h * 0.42  # head centre
    hr = h * 0.16
    layer, d = c.layer()
    if variant == "long":
        d.rounded_rectangle(
            [cx - hr * 1.15, hy - hr * 1.1, cx + hr * 1.15, hy + hr * 2.0], radius=hr, fill=hair + (255,)
        )
    if variant == "scarf":
        d.ellipse([cx - hr * 1.25, hy - hr * 1.3, cx + hr * 1.25, hy + hr * 1.45], fill=scarf + (255,))
    # Shoulders and neck.
    d.ellipse([cx - h * 0.5, h * 0.76, cx + h * 0.5, h * 1.55], fill=cloth + (255,))
    d.rectangle([cx - hr * 0.42, hy + hr * 0.6, cx + hr * 0.42, h * 0.82], fill=_shade(skin, 0.85) + (255,))
    d.polygon([(cx - hr * 0.6, h * 0.77), (cx + hr * 0.6, h * 0.77), (cx, h * 0.9)], fill=_shade(skin, 0.85) + (255,))
    if variant == "scarf":
        d.polygon(
            [
                (cx - hr * 1.22, hy + hr * 0.1),
                (cx + hr * 1.22, hy + hr * 0.1),
                (cx + hr * 1.55, h * 0.86),
                (cx, h * 0.93),
                (cx - hr * 1.55, h * 0.86),
            ],
            fill=scarf + (255,),
        )
        d.line(
            [(cx - hr * 0.9, hy + hr * 0.9), (cx, h * 0.9), (cx + hr * 0.9, hy + hr * 0.9)],
            fill=_shade(scarf, 0.85) + (255,),
            width=c.scale * 3,
        )
    d.ellipse([cx - hr * 0.86, hy - hr, cx + hr * 0.86, hy + hr * 1.08], fill=skin + (255,))
    if variant != "scarf":
        d.ellipse([cx - hr * 0.98, hy - hr * 0.05, cx - hr * 0.7, hy + hr * 0.4], fill=_shade(skin, 0.92) + (255,))
        d.ellipse([cx + hr * 0.7, hy - hr * 0.05, cx + hr * 0.98, hy + hr * 0.4], fill=_shade(skin, 0.92) + (255,))
    if variant in ("short", "long"):
        d.chord([cx - hr * 0.92, hy - hr * 1.12, cx + hr * 0.92, hy + hr * 0.5], 180, 360, fill=hair + (255,))
        d.ellipse([cx - hr * 0.95, hy - hr * 0.6, cx - hr * 0.55, hy + hr * 0.1], fill=hair + (255,))
    elif variant == "cap":
        d.chord(
            [cx - hr * 0.95, hy - hr * 1.15, cx + hr * 0.95, hy + hr * 0.3], 180, 360, fill=_shade(cloth, 1.3) + (255,)
        )
        d.rectangle([cx - hr * 0.95, hy - hr * 0.45, cx + hr * 0.95, hy - hr * 0.3], fill=_shade(cloth, 0.9) + (255,))
    elif variant == "scarf":
        d.chord([cx - hr * 1.0, hy - hr * 1.2, cx + hr * 1.0, hy + hr * 0.1], 180, 360, fill=scarf + (255,))
    c.add(layer)
    # A soft key light from one side.
    c.glow((cx + hr * 2.5, hy + hr), h * 0.5, (0, 0, 0), 0.35)
    c.glow((cx - hr * 1.2, hy - hr * 0.6), h * 0.3, (255, 245, 230), 0.18)


def _motif_market(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    warm, stripe, lights = pal
    c.img = _vertical_gradient(
        w, h, [(0, _shade(warm, 0.35)), (0.55, _shade(warm, 0.7)), (1, _shade(warm, 0.3))]
    ).convert("RGBA")
    n = 4
    stall_w = w / n
    produce = [(235, 140, 40), (210, 50, 45), (120, 170, 60), (245, 200, 60), (150, 60, 110), (230, 230, 220)]
    for i in range(n):
        layer, d = c.layer()
        x0 = i * stall_w + w * 0.01
        x1 = x0 + stall_w - w * 0.02
        top, bottom = h * 0.22, h * 0.36
        d.rectangle([x0 + w * 0.01, top, x0 + w * 0.018, h], fill=(40, 30, 25, 255))
        d.rectangle([x1 - w * 0.018, top, x1 - w * 0.01, h], fill=(40, 30, 25, 255))
        k = 8
        sw = (x1 - x0) / k
        for j in range(k):
            col = stripe if j % 2 == 0 else (245, 238, 225)
            d.polygon(
                [
                    (x0 + j * sw, top),
                    (x0 + (j + 1) * sw, top),
                    (x0 + (j + 1.15) * sw, bottom),
                    (x0 + (j - 0.15) * sw, bottom),
                ],
                fill=col + (255,),
            )
            d.ellipse(
                [x0 + (j - 0.15) * sw, bottom - sw * 0.45, x0 + (j + 1.15) * sw, bottom + sw * 0.55], fill=col + (255,)
            )
        # Counter with heaps of fruit and spices.
        ct = h * 0.68
        d.rectangle([x0, ct, x1, h], fill=(70, 45, 30, 255))
        d.rectangle([x0, ct, x1, ct + h * 0.02], fill=(110, 75, 50, 255))
        for heap in range(3):
            hx = x0 + (x1 - x0) * (0.2 + 0.3 * heap)
            col = rng.choice(produce)
            r = (x1 - x0) * 0.035
            for row in range(4):
                for m in range(4 - row):
                    px = hx + (m - (3 - row) / 2) * r * 1.9
                    py = ct - r - row * r * 1.6
                    d.ellipse([px - r, py - r, px + r, py + r], fill=_shade(col, rng.uniform(0.8, 1.1)) + (255,))
                    d.ellipse([px - r * 0.5, py - r * 0.6, px - r * 0.1, py - r * 0.2], fill=(255, 255, 255, 70))
        c.add(layer)
    # Shoppers in silhouette.
    layer, d = c.layer()
    for _ in range(rng.randint(6, 9)):
        x = rng.uniform(0, w)
        s = h * rng.uniform(0.28, 0.4)
        col = _shade(warm, 0.15) + (255,)
        d.rounded_rectangle([x - s * 0.17, h - s * 0.75, x + s * 0.17, h + 10], radius=s * 0.12, fill=col)
        d.ellipse([x - s * 0.1, h - s * 0.98, x + s * 0.1, h - s * 0.75], fill=col)
    c.add(layer)
    # String lights across the top.
    layer, d = c.layer()
    pts = []
    for t in np.linspace(0, 1, 40):
        pts.append((t * w, h * 0.08 + math.sin(t * math.pi * 3) ** 2 * h * 0.07))
    d.line(pts, fill=(30, 25, 20, 255), width=c.scale * 2)
    c.add(layer)
    for x, y in pts[1::3]:
        c.glow((x, y + h * 0.015), h * 0.05, lights, 0.8)


def _ridge(rng: random.Random, w: float, base: float, amp: float, n: int = 64) -> list[tuple[float, float]]:
    heights = [0.0] * (n + 1)
    heights[0], heights[n] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step, scale = n, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            heights[i] = (heights[i - half] + heights[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * 0.55
    return [(w * i / n, base - amp * (0.6 + 0.4 * v)) for i, v in enumerate(heights)]


def _motif_landscape(c: _Canvas, pal: list[Color], rng: random.Random, variant: str | None = None) -> None:
    w, h = c.w, c.h
    snow = variant == "snow"
    sky, land, sun = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(sky, 0.85)), (0.6, _shade(sky, 1.25)), (1, sky)]).convert("RGBA")
    sp = (w * rng.uniform(0.2, 0.8), h * rng.uniform(0.22, 0.38))
    c.glow(sp, h * 0.6, sun, 0.6)
    layer, d = c.layer()
    r = h * 0.07
    d.ellipse([sp[0] - r, sp[1] - r, sp[0] + r, sp[1] + r], fill=_shade(sun, 1.2) + (245,))
    c.add(layer)
    for k, base in enumerate([0.58, 0.68, 0.8, 0.92]):
        layer, d = c.layer()
        col = _mix(_shade(land, 0.5 + 0.15 * k), _shade(sky, 1.1), 0.55 - 0.16 * k)
        pts = _ridge(rng, w, h * base, h * (0.32 - 0.05 * k))
        d.polygon(pts + [(w, h), (0, h)], fill=col + (255,))
        if k == 0 and snow:  # snow on the far range, above a ragged snowline
            peak = min(y for _, y in pts)
            line = peak + h * 0.07
            cap = Image.new("RGBA", c.img.size, (0, 0, 0, 0))
            ImageDraw.Draw(cap).polygon(pts + [(w, h), (0, h)], fill=(246, 248, 252, 235))
            keep = Image.new("L", c.img.size, 0)
            kd = ImageDraw.Draw(keep)
            ragged = [
                (x, line + h * 0.015 * math.sin(x / (w * 0.012)) + rng.uniform(-h * 0.01, h * 0.01))
                for x in np.linspace(0, w, 90)
            ]
            kd.polygon([(0, 0), (w, 0)] + ragged[::-1], fill=255)
            layer.paste(cap, (0, 0), ImageChops.multiply(cap.getchannel("A"), keep))
        c.add(layer if k else c.soft(layer, c.scale * 2))
    layer, d = c.layer()
    for _ in range(30):  # a haze of heat or mist
        y = h * rng.uniform(0.5, 0.95)
        x0 = rng.uniform(-w * 0.2, w)
        d.rectangle(
            [x0, y, x0 + w * rng.uniform(0.1, 0.4), y + h * 0.006], fill=_shade(sun, 1.2) + (rng.randint(10, 40),)
        )
    c.add(c.soft(layer, c.scale * 4))


def _motif_circuit(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    bg, trace, node = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(bg, 1.2)), (1, _shade(bg, 0.6))]).convert("RGBA")
    grid = h / 18
    layer, d = c.layer()
    ends = []
    for _ in range(70):
        x = round(rng.uniform(0, w) / grid) * grid
        y = round(rng.uniform(0, h) / grid) * grid
        pts = [(x, y)]
        for _ in range(rng.randint(2, 5)):
            length = grid * rng.randint(1, 6)
            if rng.random() < 0.5:
                x += length * rng.choice((-1, 1))
            else:
                y += length * rng.choice((-1, 1))
            pts.append((x, y))
        d.line(pts, fill=trace + (rng.randint(90, 200),), width=c.scale * 3, joint="curve")
        ends.append((x, y))
    for x, y in ends:
        r = c.scale * 7
        d.ellipse([x - r, y - r, x + r, y + r], outline=node + (255,), width=c.scale * 3, fill=_shade(bg, 0.8) + (255,))
    c.add(layer)
    cx, cy, s = w * rng.uniform(0.4, 0.6), h * 0.5, h * 0.2
    c.glow((cx, cy), h * 0.5, node, 0.45)
    layer, d = c.layer()
    for k in range(-5, 6):
        off = k * s * 0.16
        d.rectangle(
            [cx + off - c.scale * 3, cy - s * 1.25, cx + off + c.scale * 3, cy + s * 1.25],
            fill=_shade(node, 0.9) + (255,),
        )
        d.rectangle(
            [cx - s * 1.25, cy + off - c.scale * 3, cx + s * 1.25, cy + off + c.scale * 3],
            fill=_shade(node, 0.9) + (255,),
        )
    d.rounded_rectangle(
        [cx - s, cy - s, cx + s, cy + s],
        radius=s * 0.1,
        fill=_shade(bg, 0.5) + (255,),
        outline=node + (255,),
        width=c.scale * 3,
    )
    d.rounded_rectangle(
        [cx - s * 0.6, cy - s * 0.6, cx + s * 0.6, cy + s * 0.6], radius=s * 0.06, fill=_shade(trace, 0.6) + (255,)
    )
    c.add(layer)


def _motif_stage(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    dark, curtain, beam = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(dark, 0.5)), (1, _shade(dark, 0.9))]).convert("RGBA")
    # Spotlight beams from the rig.
    for _ in range(4):
        sx = w * rng.uniform(0.2, 0.8)
        tx = w * rng.uniform(0.25, 0.75)
        layer, d = c.layer()
        d.polygon(
            [(sx - w * 0.01, 0), (sx + w * 0.01, 0), (tx + w * 0.12, h * 0.78), (tx - w * 0.12, h * 0.78)],
            fill=beam + (55,),
        )
        c.add(c.soft(layer, c.scale * 10))
        c.glow((tx, h * 0.76), h * 0.18, beam, 0.5)
    # Stage floor.
    layer, d = c.layer()
    d.rectangle([0, h * 0.74, w, h], fill=_shade(dark, 0.7) + (255,))
    d.rectangle([0, h * 0.74, w, h * 0.75], fill=_shade(beam, 0.8) + (200,))
    c.add(layer)
    # Curtains: folds shaded with a sine wave.
    xs = np.arange(w)
    folds = 0.65 + 0.35 * np.sin(xs / (w * 0.018))
    arr = np.zeros((h, w, 4), np.uint8)
    for i in range(3):
        arr[..., i] = np.clip(curtain[i] * folds, 0, 255).astype(np.uint8)[None, :]
    left_edge = w * 0.17
    right_edge = w * 0.83
    yy = np.arange(h)[:, None]
    sweep = (yy / h) ** 2 * w * 0.06
    alpha = ((xs[None, :] < left_edge - sweep) | (xs[None, :] > right_edge + sweep)).astype(np.uint8) * 255
    alpha[: int(h * 0.12), :] = 255  # valance across the top
    arr[..., 3] = alpha
    c.add(Image.fromarray(arr, "RGBA"))
    # Audience heads in the foreground.
    layer, d = c.layer()
    for _ in range(24):
        x = rng.uniform(0, w)
        r = h * rng.uniform(0.05, 0.075)
        y = h - r * rng.uniform(0.2, 1.0)
        d.ellipse([x - r, y - r, x + r, y + r * 2], fill=(8, 8, 12, 255))
    c.add(layer)


def _motif_globe(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    bg, sea, land = pal
    c.img = _vertical_gradient(w, h, [(0, _shade(bg, 1.1)), (1, _shade(bg, 0.55))]).convert("RGBA")
    layer, d = c.layer()
    for _ in range(160):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = c.scale * rng.uniform(0.5, 1.6)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(40, 160)))
    c.add(layer)
    cx, cy, r = w * 0.5, h * 0.52, h * 0.38
    c.glow((cx, cy), r * 1.5, _shade(sea, 1.3), 0.5)
    sphere = Image.new("L", c.img.size, 0)
    ImageDraw.Draw(sphere).ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    # Ocean with a shaded limb.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = np.clip(np.hypot(xx - cx + r * 0.3, yy - cy + r * 0.3) / (r * 1.6), 0, 1)
    shade = (1.15 - 0.75 * dist)[..., None]
    ocean = np.clip(np.array(sea, np.float32)[None, None, :] * shade, 0, 255).astype(np.uint8)
    c.img.paste(Image.fromarray(ocean, "RGB"), (0, 0), sphere)
    # Continents: clusters of blobs, clipped to the sphere.
    layer, d = c.layer()
    for _ in range(6):
        bx, by = cx + rng.uniform(-0.8, 0.8) * r, cy + rng.uniform(-0.7, 0.7) * r
        for _ in range(rng.randint(8, 16)):
            px, py = bx + rng.uniform(-0.2, 0.2) * r, by + rng.uniform(-0.15, 0.15) * r
            pr = r * rng.uniform(0.04, 0.12)
            d.ellipse([px - pr, py - pr, px + pr, py + pr], fill=land + (235,))
    clipped = Image.new("RGBA", c.img.size, (0, 0, 0, 0))
    clipped.paste(layer, (0, 0), ImageChops.multiply(layer.getchannel("A"), sphere))
    c.add(clipped)
    layer, d = c.layer()
    for k in range(1, 6):  # meridians and parallels
        d.ellipse([cx - r * k / 6, cy - r, cx + r * k / 6, cy + r], outline=(255, 255, 255, 50), width=c.scale * 2)
        yk = cy - r + 2 * r * k / 6
        half = math.sqrt(max(r * r - (yk - cy) ** 2, 0))
        d.line([cx - half, yk, cx + half, yk], fill=(255, 255, 255, 50), width=c.scale * 2)
    d.ellipse([cx - r * 1.55, cy - r * 0.28, cx + r * 1.55, cy + r * 0.28], outline=land + (150,), width=c.scale * 3)
    c.add(layer)


def _motif_abstract(c: _Canvas, pal: list[Color], rng: random.Random) -> None:
    w, h = c.w, c.h
    a, b, accent = pal
    c.img = _vertical_gradient(w, h, [(0, a), (1, b)]).convert("RGBA")
    for _ in range(4):
        layer, d = c.layer()
        x0 = rng.uniform(-w * 0.3, w)
        d.polygon(
            [(x0, 0), (x0 + w * 0.25, 0), (x0 - w * 0.05, h), (x0 - w * 0.3, h)],
            fill=_shade(rng.choice(pal), 1.2) + (40,),
        )
        c.add(layer)
    for _ in range(9):
        layer, d = c.layer()
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), h * rng.uniform(0.08, 0.35)
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(pal) + (rng.randint(50, 120),))
        c.add(layer)
    layer, d = c.layer()
    for i in range(14):
        y = h * (0.1 + i * 0.06)
        d.line([w * 0.58, y, w * 0.95, y - h * 0.2], fill=accent + (90,), width=c.scale * 2)
    c.add(layer)
    c.glow((w * 0.3, h * 0.4), h * 0.5, accent, 0.35)


_MOTIFS = {
    "skyline": _motif_skyline,
    "cricket": _motif_cricket,
    "crescent": _motif_crescent,
    "chart": _motif_chart,
    "portrait": _motif_portrait,
    "market": _motif_market,
    "landscape": _motif_landscape,
    "circuit": _motif_circuit,
    "stage": _motif_stage,
    "globe": _motif_globe,
    "abstract": _motif_abstract,
}

MOTIFS = frozenset(_MOTIFS) | {"logo", "advert"}


# --- the logo ---------------------------------------------------------------------------


def _logo(spec: dict, width: int, height: int) -> bytes:
    """The Roznama wordmark beside a crescent, on a transparent background (PNG)."""
    pal = _palette(spec)
    scale = 2
    w, h = width * scale, height * scale
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    r = h * 0.36
    moon = (h * 0.5, h * 0.5)
    green = Image.new("RGBA", (w, h), pal[0] + (255,))
    img.paste(green, (0, 0), _crescent_mask((w, h), moon, r, (r * 0.45, -r * 0.2)))
    d = ImageDraw.Draw(img)
    sr = r * 0.16
    sx, sy = moon[0] + r * 0.35, moon[1] - r * 0.05
    star = [
        (
            sx + (sr if i % 2 == 0 else sr * 0.42) * math.cos(math.pi / 2 + i * math.pi / 5),
            sy - (sr if i % 2 == 0 else sr * 0.42) * math.sin(math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    d.polygon(star, fill=pal[2] + (255,))
    text = "Roznama"
    left = h * 1.02
    size = int(h * 0.62)
    font = ImageFont.load_default(size=size)
    while size > 8:
        font = ImageFont.load_default(size=size)
        box = d.textbbox((0, 0), text, font=font)
        if box[2] - box[0] <= w - left - h * 0.08:
            break
        size -= 4
    box = d.textbbox((0, 0), text, font=font)
    y = (h - (box[3] - box[1])) / 2 - box[1]
    d.text(
        (left, y), text, font=font, fill=pal[1] + (255,), stroke_width=max(1, size // 28), stroke_fill=pal[1] + (255,)
    )
    d.rectangle([left, h * 0.86, left + (box[2] - box[0]), h * 0.86 + scale * 4], fill=pal[0] + (255,))
    out = io.BytesIO()
    img.resize((width, height), Image.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


# --- house advertisements --------------------------------------------------------------


def _fitted_font(d: ImageDraw.ImageDraw, text: str, size: int, max_width: float) -> ImageFont.ImageFont:
    """The built-in scalable font at ``size``, or smaller until ``text`` fits ``max_width``."""
    while True:
        font = ImageFont.load_default(size=size)
        box = d.textbbox((0, 0), text, font=font)
        if box[2] - box[0] <= max_width or size <= 10:
            return font
        size -= 2


def _bold(d: ImageDraw.ImageDraw, xy, text: str, font, fill, weight: float = 0.045) -> None:
    d.text(xy, text, font=font, fill=fill, stroke_width=max(1, int(font.size * weight)), stroke_fill=fill)


def _advert(spec: dict, width: int, height: int) -> bytes:
    """A house advertisement as an advertiser would send it: brand mark and name, a headline,
    the offer and a call to action on a button, laid out for a banner or a box (PNG)."""
    ad = spec["advert"]
    pal = _palette(spec)
    background, deep, accent = pal
    scale = 2
    w, h = width * scale, height * scale
    img = Image.new("RGB", (w, h))
    img.paste(_vertical_gradient(w, h, [(0, _shade(background, 1.15)), (1, deep)]))
    canvas = _Canvas(img, scale)
    rng = random.Random(_seed(spec))
    layer, d = canvas.layer()
    for _ in range(3):  # the brand's sweep of colour, behind the words
        r = h * rng.uniform(0.9, 1.6) if height < width / 3 else w * rng.uniform(0.35, 0.6)
        x, y = w * rng.uniform(0.55, 1.0), h * rng.uniform(-0.2, 1.2)
        d.ellipse([x - r, y - r, x + r, y + r], fill=_shade(background, 1.3) + (46,))
    canvas.add(layer)
    d = ImageDraw.Draw(canvas.img)
    white, ink = (255, 255, 255, 255), deep + (255,)
    banner = height * 3 < width
    pad = h * 0.14 if banner else w * 0.07
    mark = h * 0.5 if banner else w * 0.13
    mx, my = pad, (h - mark) / 2 if banner else pad
    d.ellipse([mx, my, mx + mark, my + mark], fill=accent + (255,))
    letter = _fitted_font(d, ad["brand"][0], int(mark * 0.62), mark)
    box = d.textbbox((0, 0), ad["brand"][0], font=letter)
    _bold(
        d,
        (mx + (mark - (box[2] - box[0])) / 2 - box[0], my + (mark - (box[3] - box[1])) / 2 - box[1]),
        ad["brand"][0],
        letter,
        ink,
    )
    cta_font = ImageFont.load_default(size=int(h * 0.2) if banner else int(w * 0.05))
    cta_box = d.textbbox((0, 0), ad["cta"], font=cta_font)
    cta_w, cta_h = cta_box[2] - cta_box[0] + cta_font.size * 1.6, cta_font.size * 2.0
    if banner:
        brand_font = ImageFont.load_default(size=int(h * 0.17))
        d.text((mx + mark + pad * 0.6, h * 0.16), ad["brand"].upper(), font=brand_font, fill=accent + (255,))
        text_left = mx + mark + pad * 0.6
        cta_x, cta_y = w - pad - cta_w, (h - cta_h) / 2
        room = cta_x - text_left - pad
        head = _fitted_font(d, ad["headline"], int(h * 0.3), room)
        _bold(d, (text_left, h * 0.36), ad["headline"], head, white)
        offer = _fitted_font(d, ad["offer"], int(h * 0.17), room)
        d.text((text_left, h * 0.72), ad["offer"], font=offer, fill=white)
    else:
        brand_font = ImageFont.load_default(size=int(w * 0.06))
        d.text((mx + mark + pad * 0.5, my + mark * 0.22), ad["brand"].upper(), font=brand_font, fill=accent + (255,))
        y = my + mark + pad * 0.9
        words, lines, line = ad["headline"].split(" "), [], ""  # a no-break space holds "30 GB" together
        head = ImageFont.load_default(size=int(w * 0.085))
        for word in words:
            trial = f"{line} {word}".strip()
            if d.textbbox((0, 0), trial, font=head)[2] > w - 2 * pad and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        for text in lines:
            _bold(d, (pad, y), text, head, white)
            y += head.size * 1.18
        offer = _fitted_font(d, ad["offer"], int(w * 0.06), w - 2 * pad)
        y += head.size * 0.25
        d.text((pad, y), ad["offer"], font=offer, fill=white)
        cta_x, cta_y = pad, min(y + offer.size * 2.0, h - pad - cta_h)
    d.rounded_rectangle([cta_x, cta_y, cta_x + cta_w, cta_y + cta_h], radius=cta_h / 2, fill=accent + (255,))
    _bold(
        d,
        (cta_x + cta_font.size * 0.8 - cta_box[0], cta_y + (cta_h - (cta_box[3] - cta_box[1])) / 2 - cta_box[1]),
        ad["cta"],
        cta_font,
        ink,
        0.03,
    )
    if ad.get("small_print"):
        small = ImageFont.load_default(size=max(10, int((h if banner else w) * (0.075 if banner else 0.028))))
        box = d.textbbox((0, 0), ad["small_print"], font=small)
        d.text(
            (w - pad - (box[2] - box[0]), h - small.size * 1.5),
            ad["small_print"],
            font=small,
            fill=(255, 255, 255, 200),
        )
    out = io.BytesIO()
    canvas.img.convert("RGB").resize((width, height), Image.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


# --- public API -------------------------------------------------------------------------


def image_extension(spec: dict) -> str:
    return ".png" if spec.get("motif") in ("logo", "advert") else ".jpg"


def generate_image(spec: dict, width: int = 1600, height: int = 900) -> bytes:
    """Draw the spec's motif in its palette: JPEG bytes of ``width`` x ``height`` (PNG for the logo)."""
    if spec.get("motif") == "logo":
        return _logo(spec, width, height)
    if spec.get("motif") == "advert":
        return _advert(spec, width, height)
    draw = _MOTIFS.get(spec.get("motif", ""), _motif_abstract)
    seed = _seed(spec)
    rng = random.Random(seed)
    scale = 2 if width * height <= 2_000_000 else 1
    canvas = _Canvas(Image.new("RGB", (width * scale, height * scale)), scale)
    pal = _palette(spec)
    if draw in (_motif_portrait, _motif_landscape):
        draw(canvas, pal, rng, spec.get("variant"))
    else:
        draw(canvas, pal, rng)
    img = canvas.finish((width, height))
    img = _vignette(img, 0.3)
    img = _grain(img, np.random.default_rng(seed), 3.0)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=84, optimize=True, progressive=True)
    return out.getvalue()


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _particle(radius: int, color: Color) -> Image.Image:
    size = radius * 4
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    d = np.hypot(xx - size / 2, yy - size / 2) / radius
    alpha = np.clip(np.exp(-d * d * 1.3) * 170, 0, 255).astype(np.uint8)
    arr = np.zeros((size, size, 4), np.uint8)
    arr[..., :3] = color
    arr[..., 3] = alpha
    return Image.fromarray(arr, "RGBA")


def _video_frames(spec: dict, poster: Image.Image):
    """Frames of a slow Ken Burns move over the poster, with drifting lights and a progress line."""
    vw, vh = VIDEO_SIZE
    rng = random.Random(_seed(spec))
    n = int(round(float(spec.get("duration_seconds", 8)) * VIDEO_FPS))
    # Work from a poster a little larger than the frame, so every crop is a downscale.
    base = poster.convert("RGB").resize((int(vw * 1.6), int(vh * 1.6)), Image.LANCZOS)
    bw, bh = base.size
    zoom_from, zoom_to = (1.0, 0.72) if rng.random() < 0.5 else (0.74, 0.98)
    start = (rng.uniform(0.2, 0.8), rng.uniform(0.3, 0.7))
    end = (rng.uniform(0.2, 0.8), rng.uniform(0.3, 0.7))
    pal = _palette(spec) if spec.get("palette") else [(255, 230, 170)] * 3
    accent = pal[2] if len(pal) > 2 else (255, 210, 120)
    sprites = [_particle(rng.randint(6, 16), _shade(accent, 1.2)) for _ in range(10)]
    black = Image.new("RGB", (vw, vh), (0, 0, 0))
    motes = [(rng.uniform(0, vw), rng.uniform(0, vh), rng.uniform(-12, 12), rng.uniform(-30, -8)) for _ in sprites]
    for i in range(n):
        t = i / max(n - 1, 1)
        ease = t * t * (3 - 2 * t)
        z = zoom_from + (zoom_to - zoom_from) * ease
        cw, ch = bw * z, bh * z
        fx = start[0] + (end[0] - start[0]) * ease
        fy = start[1] + (end[1] - start[1]) * ease
        left = (bw - cw) * fx
        top = (bh - ch) * fy
        frame = base.resize((vw, vh), Image.BILINEAR, box=(left, top, left + cw, top + ch))
        seconds = i / VIDEO_FPS
        for sprite, (x, y, dx, dy) in zip(sprites, motes):
            px = (x + dx * seconds) % (vw + 80) - 40
            py = (y + dy * seconds) % (vh + 80) - 40
            frame.paste(sprite, (int(px) - sprite.width // 2, int(py) - sprite.height // 2), sprite)
        # A thin progress line along the bottom, and a fade in and out.
        ImageDraw.Draw(frame).rectangle([0, vh - 4, int(vw * t), vh], fill=accent)
        fade = min(1.0, seconds / 0.5, (n - 1 - i) / VIDEO_FPS / 0.5)
        if fade < 1:
            frame = Image.blend(black, frame, max(0.0, fade))
        yield frame.tobytes()


def generate_video(spec: dict, poster_bytes: bytes) -> bytes:
    """A short silent H.264 MP4 (640x360, 24 fps, yuv420p, faststart) panning over the poster."""
    poster = Image.open(io.BytesIO(poster_bytes))
    poster.load()
    vw, vh = VIDEO_SIZE
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "out.mp4")
        cmd = [
            _ffmpeg(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{vw}x{vh}",
            "-r",
            str(VIDEO_FPS),
            "-i",
            "-",
            "-an",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "26",
            "-profile:v",
            "main",
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(VIDEO_FPS * 2),
            "-threads",
            "2",
            "-movflags",
            "+faststart",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            target,
        ]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdin is not None
        try:
            for frame in _video_frames(spec, poster):
                proc.stdin.write(frame)
        finally:
            proc.stdin.close()
        err = proc.stderr.read() if proc.stderr else b""
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed: {err.decode(errors='replace').strip()}")
        return Path(target).read_bytes()


def _timestamp(seconds: float) -> str:
    ms = int(round(float(seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def captions_vtt(cues) -> str:
    """WebVTT for ``[[start_seconds, end_seconds, text], ...]``."""
    lines = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        lines += [
            str(number),
            f"{_timestamp(start)} --> {_timestamp(end)}",
            re.sub(r"\n+", "\n", str(text)).replace("-->", "->"),
            "",
        ]
    return "\n".join(lines)


def _write(path: Path, data: bytes) -> None:
    """Write via a temporary name, so an interrupted run never leaves a half file behind."""
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def ensure_media(directory: Path, progress: Callable[[int, int, str], None] | None = None) -> dict[str, Path]:
    """Generate every demo picture, clip and caption file into ``directory``, once.

    Files already there are kept, so a second run does no work. Returns ``{key: path}``:
    image and video keys, and ``"<video key>.en.vtt"`` / ``"<video key>.ur.vtt"`` for the
    captions. ``progress(done, total, label)`` is called after each file. Pictures and clips
    are made on a few threads (Pillow, numpy and ffmpeg do their work outside the GIL).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    images = load_content("images.json")
    videos = load_content("videos.json")
    by_key = {spec["key"]: spec for spec in images}
    total = len(images) + len(videos) * 3
    done = 0
    paths: dict[str, Path] = {}

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)

    def make_image(spec: dict, path: Path) -> None:
        _write(path, generate_image(spec, int(spec.get("width", 1600)), int(spec.get("height", 900))))

    def make_video(spec: dict, path: Path) -> None:
        poster = by_key.get(spec.get("poster", ""))
        if poster:
            poster_bytes = paths[poster["key"]].read_bytes()
        else:
            poster_bytes = generate_image({"key": spec["key"], "motif": "abstract"}, *VIDEO_SIZE)
        _write(path, generate_video(dict(spec, palette=(poster or {}).get("palette")), poster_bytes))

    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for make, specs, suffix in ((make_image, images, None), (make_video, videos, ".mp4")):
            pending = {}
            for spec in specs:
                path = directory / f"{spec['key']}{suffix or image_extension(spec)}"
                paths[spec["key"]] = path
                if path.exists():
                    step(spec["key"])
                else:
                    pending[pool.submit(make, spec, path)] = spec["key"]
            for future in as_completed(pending):
                future.result()
                step(pending[future])
    for spec in videos:
        for language in ("en", "ur"):
            name = f"{spec['key']}.{language}.vtt"
            path = directory / name
            if not path.exists():
                _write(path, captions_vtt(spec.get(f"captions_{language}", [])).encode("utf-8"))
            paths[name] = path
            step(name)
    return paths
