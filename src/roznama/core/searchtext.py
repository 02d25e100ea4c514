"""Text as the search index and the search box both see it.

Urdu is typed on Urdu and on Arabic keyboards, and pasted from agency copy and old sites that
use Arabic code points for letters Urdu writes with its own (Arabic yeh and kaf, heh for heh
goal); short vowels and tatweel are written in by some and left out by most.  The same folding
is applied to what is indexed and to what a reader types, so that every spelling of a word
finds every other: PostgreSQL's and SQLite's full-text parsers treat each code point as a
different letter, and no stock text-search configuration folds these.
"""

from __future__ import annotations

import re
import unicodedata

_URDU_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Farsi yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
        "\u0647": "\u06c1",  # ه Arabic heh -> ہ heh goal
    }
)
# Harakat, superscript alef, Quranic marks and tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# In a text being highlighted, each folded letter matches any of its spellings.
VARIANTS = {"\u06cc": "\u06cc\u064a\u0649", "\u06a9": "\u06a9\u0643", "\u06c1": "\u06c1\u0647"}
MARK_CLASS = "[\u064b-\u065f\u0670\u0640]"


def fold(text: str) -> str:
    """``text`` in the one spelling the index holds (NFC, Urdu letters, no short vowels)."""
    text = unicodedata.normalize("NFC", text or "")
    return _MARKS.sub("", text.translate(_URDU_FOLD))
