"""The Urdu web font the site ships (static/roznama/fonts): every letter the site writes in
Urdu is in it, it joins and stacks Urdu exactly as the full Noto Nastaliq Urdu does (shaped
with HarfBuzz, the engine browsers use), and Urdu pages preload it while English pages don't."""

from __future__ import annotations

import gettext
import io
import re
import unicodedata
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[3]
FONTS = ROOT / "src" / "roznama" / "static" / "roznama" / "fonts"
DEBIAN = Path("/usr/share/fonts/truetype/noto")
# The script's letters, marks, digits and punctuation: what the Urdu cut must hold (Latin
# letters, digits and symbols in Urdu text come from the Latin fonts, as Nastaliq has none).
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


def urdu_text() -> str:
    """Every Urdu string of the site: its translations, and the Urdu names of its cities."""
    from miqat import places

    texts = []
    for mo in (ROOT / "src").rglob("ur/LC_MESSAGES/django.mo"):
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
            texts += [value for key, value in catalog.items() if key and isinstance(value, str)]
    texts += [p.name_ur for p in places.pakistan() if p.name_ur]
    return "".join(texts)


def woff2_as_ttf(path: Path) -> bytes:
    font = TTFont(str(path))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_every_urdu_letter_the_site_writes_is_in_the_font(weight):
    cmap = TTFont(str(FONTS / f"nastaliq-{weight}.woff2")).getBestCmap()
    wanted = {c for c in urdu_text() if ARABIC_SCRIPT.match(c)} | {" "}
    assert len(wanted) > 40, "the site's Urdu text was not found"
    missing = sorted(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in wanted if ord(c) not in cmap)
    assert not missing, "characters the site writes in Urdu that the shipped font lacks: " + ", ".join(missing)


def shaper(font_bytes: bytes):
    """``shape(text)``: the glyphs HarfBuzz sets for ``text`` in this font, each as its outline
    (the cut renames glyphs, so they are compared by shape) with its advance and offsets."""
    font = hb.Font(hb.Face(font_bytes))
    parsed = TTFont(io.BytesIO(font_bytes))
    glyf, order = parsed["glyf"], parsed.getGlyphOrder()
    outlines = {}

    def outline(gid):
        if gid not in outlines:
            coordinates, ends, _flags = glyf[order[gid]].getCoordinates(glyf)
            outlines[gid] = (tuple(map(tuple, coordinates)), tuple(ends))
        return outlines[gid]

    def shape(text: str) -> list[tuple]:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        return [
            (outline(info.codepoint), pos.x_advance, pos.x_offset, pos.y_offset)
            for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)
        ]

    return shape


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_urdu_is_shaped_as_the_full_font_shapes_it(weight):
    original = DEBIAN / f"NotoNastaliqUrdu-{weight}.ttf"
    if not original.is_file():
        pytest.skip(
            f"{original} (Debian's fonts-noto-core, which the test command installs) is not here to compare with"
        )
    full = shaper(original.read_bytes())
    cut = shaper(woff2_as_ttf(FONTS / f"nastaliq-{weight.lower()}.woff2"))
    samples = [
        "افطار کا وقت",
        "سحری کا وقت ختم",
        "رمضان المبارک ۱۴۴۶",
        "لاہور، کراچی، اسلام آباد، پشاور، کوئٹہ",
        "بریکنگ نیوز",
        "نمازِ فجر",
        "خبریں تلاش کریں",
    ]
    # Each run of Urdu in the site's text (a run: what a browser hands this font to shape).
    runs = sorted(set(re.findall(r"[\u0600-\u06FF](?:[\u0600-\u06FF\u200C\u200D ]*[\u0600-\u06FF])?", urdu_text())))
    assert len(runs) > 100
    samples += runs
    for text in samples:
        assert cut(text) == full(text), text


def test_urdu_pages_preload_the_font_and_english_pages_do_not(client, newsroom):
    from django.contrib.staticfiles import finders

    urdu = client.get("/ur/").content.decode()
    english = client.get("/").content.decode()
    links = re.findall(r'<link rel="preload" href="/static/([^"]+)" as="font" type="font/woff2" crossorigin>', urdu)
    assert links == ["roznama/fonts/nastaliq-regular.woff2"]
    assert finders.find(links[0])
    assert 'as="font"' not in english
    css = (ROOT / "src" / "roznama" / "static" / "roznama" / "site.css").read_text()
    # The preloaded file is the one the stylesheet asks for, and text never changes shape late.
    assert 'url("fonts/nastaliq-regular.woff2")' in css and "font-display: optional" in css
