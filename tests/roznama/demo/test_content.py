"""The demo's content, checked the way a newcomer browsing the demo would notice problems:
every link and picture resolves, each section is stocked in both languages, Urdu is written
in Urdu script, datelines are not printed twice, and the pictures and clips really generate.

Pure Python: no database, no Django.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from roznama.demo import media

SECTIONS = {"world", "pakistan", "business", "sports", "entertainment", "technology", "ramadan", "opinion"}
AGENCIES = {"Reuters", "AP", "AFP", "APP"}
AGENCIES_UR = {"Reuters": "رائٹرز", "AP": "اے پی", "AFP": "اے ایف پی", "APP": "اے پی پی"}
BLOCK_TYPES = {"paragraph", "subheading", "quote", "image", "video", "ad_break"}
CORRECTION_KINDS = {"correction", "clarification", "retraction"}
# The shared tag vocabulary, English and the Urdu used on Urdu stories.
TAGS = {
    "Ramadan": "رمضان",
    "Cricket": "کرکٹ",
    "Hockey": "ہاکی",
    "Squash": "اسکواش",
    "Lahore": "لاہور",
    "Karachi": "کراچی",
    "Islamabad": "اسلام آباد",
    "Transport": "ٹرانسپورٹ",
    "Weather": "موسم",
    "Climate": "ماحولیات",
    "Health": "صحت",
    "Science": "سائنس",
    "Education": "تعلیم",
    "Economy": "معیشت",
    "Trade": "تجارت",
    "Markets": "سرمایہ کاری",
    "Energy": "توانائی",
    "Startups": "اسٹارٹ اپس",
    "Food": "کھانا",
    "Travel": "سیاحت",
    "Arts": "فنون",
    "Music": "موسیقی",
}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
TAG = re.compile(r"<[^>]*>")
ALLOWED_INLINE = re.compile(r'^</?(em|strong)>$|^<a href="https://example\.org/[^"<>]*">$|^</a>$')
# "MOSCOW (Reuters) -", "KUALA LUMPUR, March 3 (AFP) —", "ماسکو (رائٹرز) -": what the site prints itself.
DATELINE_EN = re.compile(r"^\s*[A-Z][A-Z .,'’\-]{1,40}(,[^()]{0,30})?\s*\([^)]{1,30}\)\s*[-–—:]")
DATELINE_UR = re.compile(r"^\s*[^\s()]{1,20}( [^\s()]{1,20})?\s*\([^)]{1,30}\)\s*[-–—:]")


def load(name: str):
    return json.loads((media.CONTENT / name).read_text("utf-8"))


SECTIONS_JSON = load("sections.json")
AUTHORS = load("authors.json")
ARTICLES = load("articles.json")
IMAGES = load("images.json")
VIDEOS = load("videos.json")
BY_SLUG = {a["slug"]: a for a in ARTICLES}
IMAGE_KEYS = {i["key"] for i in IMAGES}
VIDEO_KEYS = {v["key"] for v in VIDEOS}


def by_locale(locale: str) -> list[dict]:
    return [a for a in ARTICLES if a["locale"] == locale]


def is_urdu(text: str) -> bool:
    """Mostly Arabic-script letters (digits, punctuation and the odd Latin name allowed)."""
    arabic = len(ARABIC_SCRIPT.findall(text))
    latin = len(LATIN_LETTER.findall(TAG.sub("", text)))
    return arabic > 0 and arabic >= 4 * latin


def has_no_arabic_script(text: str) -> bool:
    return not ARABIC_SCRIPT.search(text)


def article_texts(article: dict):
    """Every piece of reader-visible text in an article, with a label for failure messages."""
    yield "headline", article["headline"]
    yield "standfirst", article["standfirst"]
    for i, block in enumerate(article["body"]):
        if block["type"] in ("paragraph", "subheading"):
            yield f"body[{i}]", block["text"]
        elif block["type"] == "quote":
            yield f"body[{i}].text", block["text"]
            yield f"body[{i}].attribution", block["attribution"]
        elif block["type"] == "image":
            yield f"body[{i}].caption", block["caption"]
    for i, correction in enumerate(article["corrections"]):
        yield f"corrections[{i}]", correction["text"]
    for tag in article["tags"]:
        yield "tag", tag


def paragraphs(article: dict) -> list[str]:
    return [b["text"] for b in article["body"] if b["type"] == "paragraph"]


# --- sections and people ------------------------------------------------------------------


def test_the_eight_sections_in_both_languages():
    assert [s["slug"] for s in SECTIONS_JSON] and {s["slug"] for s in SECTIONS_JSON} == SECTIONS
    assert len(SECTIONS_JSON) == 8
    # Opinion holds columns: the home page shows it as a block with its writers, not a rail.
    assert [s["slug"] for s in SECTIONS_JSON if s.get("opinion")] == ["opinion"]
    for s in SECTIONS_JSON:
        assert s["title_en"] and has_no_arabic_script(s["title_en"] + s["intro_en"]), s["slug"]
        assert is_urdu(s["title_ur"]) and is_urdu(s["intro_ur"]), s["slug"]


def test_authors_have_portraits_and_bilingual_bios():
    assert 6 <= len(AUTHORS) <= 8
    assert len({a["slug"] for a in AUTHORS}) == len(AUTHORS)
    motifs = {i["key"]: i["motif"] for i in IMAGES}
    for a in AUTHORS:
        assert motifs.get(a["photo"]) == "portrait", a["slug"]
        for field in ("name_en", "role_en", "bio_en"):
            assert a[field] and has_no_arabic_script(a[field]), (a["slug"], field)
        for field in ("name_ur", "role_ur", "bio_ur"):
            assert is_urdu(a[field]), (a["slug"], field)
        assert 2 <= len(re.findall(r"[.!?](\s|$)", a["bio_en"])) <= 3, a["slug"]
    assert len({a["photo"] for a in AUTHORS}) == len(AUTHORS), "one portrait per person"


# --- articles: identity and coverage ------------------------------------------------------


def test_slugs_are_unique_ascii_and_url_safe():
    slugs = [a["slug"] for a in ARTICLES]
    assert len(slugs) == len(set(slugs)), [s for s, n in Counter(slugs).items() if n > 1]
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 80, slug


def test_enough_articles_in_every_section_and_language():
    assert len(ARTICLES) >= 48
    assert 28 <= len(by_locale("en")) <= 34
    assert 16 <= len(by_locale("ur")) <= 22
    assert {a["locale"] for a in ARTICLES} == {"en", "ur"}
    counts = Counter((a["locale"], a["section"]) for a in ARTICLES)
    for section in SECTIONS:
        assert counts[("en", section)] >= 4, section
        assert counts[("ur", section)] >= 2, section


def test_every_article_has_the_required_fields():
    required = {
        "slug",
        "locale",
        "section",
        "translation_of",
        "headline",
        "standfirst",
        "authors",
        "credit",
        "dateline",
        "tags",
        "lead",
        "published_hours_ago",
        "updated_hours_ago",
        "corrections",
        "related",
        "body",
    }
    for a in ARTICLES:
        missing = required - a.keys()
        assert not missing, (a["slug"], missing)
        assert a["section"] in SECTIONS, a["slug"]
        assert a["headline"].strip() and a["standfirst"].strip(), a["slug"]
        assert len(a["headline"]) <= 140, a["slug"]


def test_exactly_one_featured_article_per_language():
    for locale in ("en", "ur"):
        featured = [a["slug"] for a in by_locale(locale) if a.get("featured")]
        assert len(featured) == 1, (locale, featured)


# --- articles: references -----------------------------------------------------------------


def test_authors_leads_and_body_media_exist():
    people = {a["slug"] for a in AUTHORS}
    for a in ARTICLES:
        assert len(a["authors"]) <= 2, a["slug"]
        assert set(a["authors"]) <= people, a["slug"]
        lead = a["lead"]
        if lead is not None:
            assert len(lead) == 1 and set(lead) <= {"image", "video"}, a["slug"]
            assert lead.get("image", next(iter(IMAGE_KEYS))) in IMAGE_KEYS, a["slug"]
            assert lead.get("video", next(iter(VIDEO_KEYS))) in VIDEO_KEYS, a["slug"]
        for block in a["body"]:
            if block["type"] == "image":
                assert block["image"] in IMAGE_KEYS, (a["slug"], block)
                assert block["caption"] and block["credit"], (a["slug"], block)
            elif block["type"] == "video":
                assert block["video"] in VIDEO_KEYS, (a["slug"], block)
    used = {a["lead"].get("image") for a in ARTICLES if a["lead"]}
    used |= {b["image"] for a in ARTICLES for b in a["body"] if b["type"] == "image"}
    used |= (
        {a["photo"] for a in AUTHORS} | {v["poster"] for v in VIDEOS} | {"logo", "ad-bank", "ad-telecom", "ad-iftar"}
    )
    assert IMAGE_KEYS - used == set(), "every picture is used somewhere"


def test_related_articles_exist_in_the_same_language():
    for a in ARTICLES:
        assert len(a["related"]) <= 3, a["slug"]
        assert len(set(a["related"])) == len(a["related"]), a["slug"]
        for slug in a["related"]:
            assert slug in BY_SLUG, (a["slug"], slug)
            assert slug != a["slug"], a["slug"]
            assert BY_SLUG[slug]["locale"] == a["locale"], (a["slug"], slug)


def test_translations_point_to_an_english_original_in_the_same_section():
    translations = [a for a in ARTICLES if a["translation_of"]]
    assert 6 <= len(translations) <= 10
    for a in translations:
        assert a["locale"] == "ur", a["slug"]
        original = BY_SLUG.get(a["translation_of"])
        assert original is not None, a["slug"]
        assert original["locale"] == "en" and original["translation_of"] is None, a["slug"]
        assert original["section"] == a["section"], a["slug"]
        assert original["credit"] == a["credit"], a["slug"]
        # A translation appears after its original, never before.
        assert a["published_hours_ago"] <= original["published_hours_ago"], a["slug"]
    originals = [a["translation_of"] for a in translations]
    assert len(originals) == len(set(originals)), "one Urdu translation per English story"
    for a in by_locale("en"):
        assert a["translation_of"] is None, a["slug"]


# --- articles: body -------------------------------------------------------------------------


def test_bodies_read_like_news_copy():
    lengths = []
    for a in ARTICLES:
        kinds = [b["type"] for b in a["body"]]
        assert set(kinds) <= BLOCK_TYPES, (a["slug"], set(kinds) - BLOCK_TYPES)
        assert kinds[0] == "paragraph", f"{a['slug']}: a story opens with a paragraph"
        assert kinds.count("ad_break") <= 1, a["slug"]
        assert "ad_break" not in kinds[:2], a["slug"]
        n = kinds.count("paragraph")
        assert 4 <= n <= 14, (a["slug"], n)
        lengths.append(n)
        for block in a["body"]:
            if block["type"] == "quote":
                assert block["text"] and block["attribution"], a["slug"]
    lengths.sort()
    assert lengths[len(lengths) // 2] >= 5, "most stories have at least five paragraphs"
    assert sum(1 for a in ARTICLES if any(b["type"] == "subheading" for b in a["body"])) >= len(ARTICLES) * 0.6
    assert sum(1 for a in ARTICLES if any(b["type"] == "quote" for b in a["body"])) >= len(ARTICLES) * 0.6
    assert sum(1 for n in lengths if n >= 9) >= 3, "a few long-form pieces"


def test_inline_html_is_limited_to_emphasis_and_safe_links():
    for a in ARTICLES:
        for label, text in article_texts(a):
            for tag in TAG.findall(text):
                assert ALLOWED_INLINE.match(tag), (a["slug"], label, tag)
            if label.startswith("body") and "." not in label:
                opened = len(re.findall(r"<(em|strong|a)\b", text))
                closed = len(re.findall(r"</(em|strong|a)>", text))
                assert opened == closed, (a["slug"], label)
        for label, text in (("headline", a["headline"]), ("standfirst", a["standfirst"])):
            assert not TAG.search(text), (a["slug"], label)


def test_no_paragraph_repeats_the_dateline():
    """The site prints "MOSCOW (Reuters) -" itself; the copy must not say it again."""
    for a in ARTICLES:
        pattern = DATELINE_EN if a["locale"] == "en" else DATELINE_UR
        for text in paragraphs(a):
            assert not pattern.match(text), (a["slug"], text[:60])
        if a["dateline"]:
            place = re.escape(a["dateline"]["place"])
            first = paragraphs(a)[0]
            assert not re.match(rf"\s*{place}\s*[(:\-–—]", first, re.I), (a["slug"], "body repeats the dateline")


def test_english_text_is_english_and_urdu_text_is_urdu():
    for a in by_locale("en"):
        for label, text in article_texts(a):
            assert has_no_arabic_script(text), (a["slug"], label)
    for a in by_locale("ur"):
        for label, text in article_texts(a):
            assert is_urdu(text), (a["slug"], label, text[:60])


# --- articles: wire copy, datelines, tags -------------------------------------------------


def test_wire_stories_carry_an_agency_and_a_matching_dateline():
    credited = [a for a in ARTICLES if a["credit"]]
    assert 8 <= len(credited) <= 14
    for a in ARTICLES:
        assert a["credit"] in AGENCIES | {""}, a["slug"]
        if a["credit"]:
            assert a["authors"] == [], f"{a['slug']}: wire stories have no bylines"
        dateline = a["dateline"]
        if dateline is None:
            continue
        assert set(dateline) == {"place", "country", "agency"}, a["slug"]
        if a["locale"] == "en":
            assert dateline["place"] == dateline["place"].upper() and has_no_arabic_script(dateline["place"]), a["slug"]
            assert dateline["agency"] == a["credit"], a["slug"]
        else:
            assert is_urdu(dateline["place"]) and is_urdu(dateline["country"]), a["slug"]
            assert dateline["agency"] == AGENCIES_UR.get(a["credit"]), a["slug"]
    for a in credited:
        assert a["dateline"], f"{a['slug']}: agency copy opens with a dateline"


def test_tags_come_from_a_small_shared_vocabulary():
    en = Counter(t for a in by_locale("en") for t in a["tags"])
    ur = Counter(t for a in by_locale("ur") for t in a["tags"])
    assert set(en) <= set(TAGS), sorted(set(en) - set(TAGS))
    assert set(ur) <= set(TAGS.values()), sorted(set(ur) - set(TAGS.values()))
    assert len(en) >= 16, "the vocabulary is actually used"
    assert sum(1 for n in en.values() if n == 1) <= 5, "few one-off tags"
    for a in ARTICLES:
        assert 1 <= len(a["tags"]) <= 4, a["slug"]
        assert len(set(a["tags"])) == len(a["tags"]), a["slug"]
        ramadan = "Ramadan" if a["locale"] == "en" else "رمضان"
        if a["section"] == "ramadan":
            assert ramadan in a["tags"], a["slug"]
    for locale, ramadan in (("en", "Ramadan"), ("ur", "رمضان")):
        outside = [a for a in by_locale(locale) if a["section"] != "ramadan" and ramadan in a["tags"]]
        assert len(outside) >= 2, f"a few {locale} stories outside the Ramadan section carry the tag"


# --- articles: times, leads, corrections -----------------------------------------------------


def test_publication_times_are_sensible():
    for a in ARTICLES:
        published, updated = a["published_hours_ago"], a["updated_hours_ago"]
        assert 0.5 <= published <= 240, a["slug"]
        if updated is not None:
            assert 0 < updated < published, a["slug"]
        for c in a["corrections"]:
            assert 0 < c["hours_ago"] < published, a["slug"]
            if updated is not None:
                assert c["hours_ago"] >= updated, f"{a['slug']}: the update time covers the correction"
    for locale in ("en", "ur"):
        hours = sorted(a["published_hours_ago"] for a in by_locale(locale))
        assert hours[0] <= 3, "something fresh on the home page"
        assert sum(1 for h in hours if h <= 24) >= 5, locale
        assert sum(1 for h in hours if h >= 72) >= 4, locale
        assert len(set(hours)) >= len(hours) - 2, "stories are spread out in time"
    featured = [a for a in ARTICLES if a.get("featured")]
    assert all(a["published_hours_ago"] <= 12 for a in featured), "the home page lead is recent"


def test_leads_are_mostly_pictures_with_some_video():
    leads = [a["lead"] for a in ARTICLES]
    assert sum(1 for lead in leads if lead and "video" in lead) >= 5
    assert sum(1 for lead in leads if lead and "image" in lead) >= len(ARTICLES) // 2
    assert all(leads[i] for i, a in enumerate(ARTICLES) if a.get("featured"))


def test_a_few_articles_carry_corrections():
    corrected = [a for a in ARTICLES if a["corrections"]]
    assert 3 <= len(corrected) <= 7
    for a in corrected:
        for c in a["corrections"]:
            assert c["kind"] in CORRECTION_KINDS, a["slug"]
            assert len(c["text"]) > 30, a["slug"]


# --- media specs -----------------------------------------------------------------------------


def test_image_specs():
    assert len(IMAGE_KEYS) == len(IMAGES)
    assert "logo" in IMAGE_KEYS and next(i for i in IMAGES if i["key"] == "logo")["motif"] == "logo"
    assert 20 <= len(IMAGES) <= 40
    for spec in IMAGES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", spec["key"]), spec["key"]
        assert spec["motif"] in media.MOTIFS, spec["key"]
        assert len(spec["palette"]) == 3 and all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in spec["palette"]), spec[
            "key"
        ]
        assert spec["title"] and spec["alt_en"] and has_no_arabic_script(spec["alt_en"]), spec["key"]
        assert is_urdu(spec["alt_ur"]), spec["key"]


def test_video_specs_and_captions():
    assert len(VIDEOS) == 5 and len(VIDEO_KEYS) == 5
    assert not VIDEO_KEYS & IMAGE_KEYS, "video and image keys name different files"
    for spec in VIDEOS:
        assert 6 <= spec["duration_seconds"] <= 12, spec["key"]
        assert spec["poster"] in IMAGE_KEYS, spec["key"]
        assert has_no_arabic_script(spec["title_en"]) and is_urdu(spec["title_ur"]), spec["key"]
        for language in ("en", "ur"):
            cues = spec[f"captions_{language}"]
            assert cues, (spec["key"], language)
            previous_end = 0
            for start, end, text in cues:
                assert previous_end <= start < end <= spec["duration_seconds"], (spec["key"], language, start)
                assert text.strip() and "-->" not in text, (spec["key"], language)
                assert is_urdu(text) if language == "ur" else has_no_arabic_script(text), (spec["key"], text)
                previous_end = end


# --- media generation ------------------------------------------------------------------------


ADVERTS = [i for i in IMAGES if i["motif"] == "advert"]


@pytest.mark.parametrize("spec", ADVERTS, ids=[i["key"] for i in ADVERTS])
def test_house_ads_are_drawn_at_their_size_with_the_advertisers_words(spec):
    """A house ad looks like an advertisement: the advertiser's name, a headline, an offer and
    a button, in crisp PNG (no photo grain), described by alt text that says the same."""
    ad = spec["advert"]
    assert all(ad[field].strip() for field in ("brand", "headline", "offer", "cta"))
    assert spec["alt_en"].startswith("Advertisement: ") and ad["brand"] in spec["alt_en"]
    assert spec["alt_ur"].startswith("اشتہار: ")
    data = media.generate_image(spec, width=spec["width"], height=spec["height"])
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG" and im.size == (spec["width"], spec["height"])
        grey = im.convert("L")
        # White lettering on the brand's colour: a good share of near-white pixels, and contrast.
        histogram = grey.histogram()
        assert sum(histogram[235:]) > 0.01 * spec["width"] * spec["height"]
        assert grey.getextrema()[1] - grey.getextrema()[0] > 150


def test_each_ad_slot_of_the_demo_has_an_advertisers_ad():
    assert {"ad-bank", "ad-telecom", "ad-iftar"} <= {i["key"] for i in ADVERTS}
    assert len({i["advert"]["brand"] for i in ADVERTS}) == len(ADVERTS)


@pytest.mark.parametrize("motif", sorted(media.MOTIFS - {"logo", "advert"}))
def test_every_motif_draws_a_jpeg_of_the_requested_size(motif):
    spec = next(
        (i for i in IMAGES if i["motif"] == motif),
        {"key": f"test-{motif}", "motif": motif, "palette": ["#123456", "#345678", "#abcdef"]},
    )
    data = media.generate_image(spec, width=320, height=180)
    assert data[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "JPEG" and im.size == (320, 180) and im.mode == "RGB"
        im.load()
        # Not a blank canvas: a picture has some variety in it.
        extrema = im.convert("L").getextrema()
        assert extrema[1] - extrema[0] > 40


def test_a_full_size_picture_is_deterministic():
    spec = next(i for i in IMAGES if i["key"] == "ramadan-crescent")
    first = media.generate_image(spec)
    with Image.open(io.BytesIO(first)) as im:
        assert im.format == "JPEG" and im.size == (1600, 900)
    assert media.generate_image(spec) == first


def test_the_logo_is_a_transparent_png():
    spec = next(i for i in IMAGES if i["key"] == "logo")
    data = media.generate_image(spec, width=480, height=120)
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG" and im.size == (480, 120) and im.mode == "RGBA"
        alpha = im.getchannel("A")
        assert alpha.getpixel((479, 0)) == 0 and alpha.getextrema() == (0, 255)
    assert media.image_extension(spec) == ".png"


def test_a_video_is_a_playable_mp4_of_the_right_length():
    spec = min(VIDEOS, key=lambda v: v["duration_seconds"])
    poster_spec = next(i for i in IMAGES if i["key"] == spec["poster"])
    data = media.generate_video(dict(spec, palette=poster_spec["palette"]), media.generate_image(poster_spec, 800, 450))
    assert data[4:8] == b"ftyp"
    assert len(data) < 600 * 1024
    # faststart: the index (moov) comes before the media data (mdat).
    assert 0 < data.find(b"moov") < data.find(b"mdat")
    probe = subprocess.run([media._ffmpeg(), "-hide_banner", "-i", "-"], input=data, capture_output=True)
    info = probe.stderr.decode(errors="replace")
    match = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", info)
    assert match, info
    seconds = int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])
    assert abs(seconds - spec["duration_seconds"]) <= 1, seconds
    assert "h264" in info and "640x360" in info and "yuv420p" in info, info


def test_captions_are_webvtt():
    cues = VIDEOS[0]["captions_ur"]
    vtt = media.captions_vtt(cues)
    assert vtt.startswith("WEBVTT\n")
    for start, end, text in cues:
        assert text in vtt
    assert vtt.count(" --> ") == len(cues)
    assert re.search(r"^00:00:00\.000 --> 00:00:0\d\.\d{3}$", vtt, re.M)
    assert media.captions_vtt([[61.5, 3723.25, "x"]]).splitlines()[3] == "00:01:01.500 --> 01:02:03.250"


def test_ensure_media_makes_each_file_once(tmp_path, monkeypatch):
    images = [
        dict(next(i for i in IMAGES if i["key"] == "logo"), width=200, height=50),
        dict(next(i for i in IMAGES if i["motif"] == "cricket"), width=160, height=90),
    ]
    videos = [dict(VIDEOS[0], poster=images[1]["key"])]
    monkeypatch.setattr(media, "load_content", lambda name: {"images.json": images, "videos.json": videos}[name])
    filmed = []
    monkeypatch.setattr(
        media, "generate_video", lambda spec, poster: filmed.append(spec["key"]) or b"\0\0\0\x20ftypisom"
    )
    seen = []
    paths = media.ensure_media(tmp_path / "media", progress=lambda done, total, label: seen.append((done, total)))
    key = videos[0]["key"]
    assert set(paths) == {"logo", images[1]["key"], key, f"{key}.en.vtt", f"{key}.ur.vtt"}
    assert all(Path(p).is_file() and Path(p).stat().st_size for p in paths.values())
    assert Path(paths["logo"]).suffix == ".png" and Path(paths[key]).suffix == ".mp4"
    assert Path(paths[f"{key}.ur.vtt"]).read_text("utf-8").startswith("WEBVTT")
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == [1, 2, 3, 4, 5]
    assert filmed == [key]
    stamps = {k: Path(p).stat().st_mtime_ns for k, p in paths.items()}
    again = media.ensure_media(tmp_path / "media")
    assert again == paths and filmed == [key], "a second run does no work"
    assert {k: Path(p).stat().st_mtime_ns for k, p in again.items()} == stamps
    assert not list((tmp_path / "media").glob(".*.part"))
