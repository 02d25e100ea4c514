"""Bylines and story times in Urdu pages use Urdu digits and Urdu month names, the one digit
style of every Urdu page (as the strip and the header's date line), in Pakistan's time."""

from __future__ import annotations

import re
from datetime import datetime, timezone as dt_timezone

import html5lib

URDU_DIGIT = re.compile("[۰-۹]")
LATIN_DIGIT = re.compile("[0-9]")


def times_shown(html: str) -> list[str]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return ["".join(t.itertext()).strip() for t in tree.iter("time") if t.get("datetime")]


def test_an_urdu_storys_byline_is_in_urdu_digits_and_months(client, newsroom):
    # 16 March 2025, 13:13 UTC: 06:13 PM in Pakistan.
    published = datetime(2025, 3, 16, 13, 13, tzinfo=dt_timezone.utc)
    english = newsroom.article("Iftar timings announced", published=published)
    urdu = english.copy_for_translation(newsroom.ur)
    urdu.title = "افطار کے اوقات کا اعلان"
    urdu.save_revision().publish()
    urdu.__class__.objects.filter(pk=urdu.pk).update(first_published_at=published)
    page = client.get(urdu.__class__.objects.get(pk=urdu.pk).url).content.decode()
    shown = times_shown(page)
    byline = next(t for t in shown if "مارچ" in t)
    assert byline == "۱۶ مارچ ۲۰۲۵، ۰۶:۱۳ شام"
    # No time on the Urdu page is written with Latin digits.
    assert not [t for t in shown if LATIN_DIGIT.search(t)], shown
    # The English story keeps English digits and Pakistan's time.
    english_times = times_shown(client.get(english.url).content.decode())
    assert any("6:13" in t and "2025" in t for t in english_times), english_times
    assert not [t for t in english_times if URDU_DIGIT.search(t)]
