"""Datelines read from text and from bodies, and cut off so a page shows them once."""

from __future__ import annotations

import pytest

from roznama.wire.datelines import dateline_from_field, parse_dateline, split_body_dateline


@pytest.mark.parametrize(
    ("text", "place", "country", "agency", "story"),
    [
        ("MOSCOW (Reuters) - The Kremlin said", "MOSCOW", "", "Reuters", "The Kremlin said"),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "", "AP", "The Senate voted"),
        ("GROSSETO, Italy (AP) -- The trial of", "GROSSETO", "Italy", "AP", "The trial of"),
        ("Berlin (dpa) - Bundespräsident", "Berlin", "", "dpa", "Bundespräsident"),
        ("(AP) -- Stocks fell", "", "", "AP", "Stocks fell"),
        ("Jan 3 (Reuters) - Residents of", "", "", "Reuters", "Residents of"),
        ("ISLAMABAD (APP) – The cabinet", "ISLAMABAD", "", "APP", "The cabinet"),
        ("ISLAMABAD, Mar 2 (APP): The cabinet", "ISLAMABAD", "", "APP", "The cabinet"),
        ("ST. LOUIS (AP) — Floodwaters", "ST. LOUIS", "", "AP", "Floodwaters"),
        (
            "Gaza City, Palestinian Territories, May 16, 2021 (AFP) - Israel",
            "Gaza City",
            "Palestinian Territories",
            "AFP",
            "Israel",
        ),
        ("KARACHI, Pakistan, Monday (Reuters) - Shares", "KARACHI", "Pakistan", "Reuters", "Shares"),
        ("لاہور (اے پی پی) — وزیر اعلیٰ", "لاہور", "", "اے پی پی", "وزیر اعلیٰ"),
    ],
)
def test_datelines_at_the_start_of_text(text, place, country, agency, story):
    dateline, length = parse_dateline(text, require_dash=True)
    assert (dateline.place, dateline.country, dateline.agency) == (place, country, agency)
    assert text[length:] == story


@pytest.mark.parametrize(
    "text",
    [
        "The central bank (SBP) said on Monday",  # a sentence with an abbreviation in brackets
        "Prices rose. Analysts (surveyed by us) - mostly - agreed",
        "MOSCOW (Reuters) The Kremlin said",  # no dash: not a body dateline
        "He said: (quote) - then left",
        "",
    ],
)
def test_text_that_is_not_a_dateline(text):
    body = f"<p>{text}</p>" if text else ""
    assert split_body_dateline(body) == (None, body)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("MOSCOW, Monday (Reuters)", ("MOSCOW", "", "Reuters")),
        ("Berlin (dpa) - ", ("Berlin", "", "dpa")),
        ("Unnao", ("Unnao", "", "")),
        ("Grossetto, Italy", ("Grossetto", "Italy", "")),
        ("", None),
    ],
)
def test_datelines_from_structured_fields(field, expected):
    dateline = dateline_from_field(field)
    actual = (dateline.place, dateline.country, dateline.agency) if dateline else None
    assert actual == expected


def test_the_body_dateline_is_cut_once_with_its_markup():
    body = '<p><b>MOSCOW</b> (Reuters) - The <a href="https://example.org/">Kremlin</a> said.</p>\n<p>MOSCOW (Reuters) - again</p>'
    dateline, without = split_body_dateline(body)
    assert (dateline.place, dateline.agency, dateline.raw, dateline.source) == (
        "MOSCOW",
        "Reuters",
        "MOSCOW (Reuters)",
        "body",
    )
    assert without.startswith('<p>The <a href="https://example.org/"')
    assert "<b>" not in without
    # Only the first paragraph's dateline is a dateline; later text is the story's own.
    assert "<p>MOSCOW (Reuters) - again</p>" in without


def test_a_paragraph_that_is_only_a_dateline_goes_away():
    dateline, without = split_body_dateline("<p>WASHINGTON (AP) —</p><p>The Senate voted.</p>")
    assert dateline.place == "WASHINGTON"
    assert without == "<p>The Senate voted.</p>"


def test_a_body_without_a_dateline_is_unchanged():
    body = "<p>The Senate voted on Tuesday.</p>"
    assert split_body_dateline(body) == (None, body)


def test_an_unknown_agency_needs_a_capitalised_place_or_to_be_the_items_own():
    assert split_body_dateline("<p>Lahore (Indus Wire) - Text.</p>")[0] is None
    assert split_body_dateline("<p>Lahore (Indus Wire) - Text.</p>", ("Indus Wire",))[0].place == "Lahore"
    assert split_body_dateline("<p>LAHORE (Indus Wire) - Text.</p>")[0].agency == "Indus Wire"
