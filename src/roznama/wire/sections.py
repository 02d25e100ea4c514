"""Which section an agency item lands in, and whether it is published at once."""

from __future__ import annotations

from dataclasses import dataclass

from roznama.news.models import SectionPage

from .items import WireItem
from .models import WireSectionRule, WireSource

# IPTC Media Topics and Subject Codes (top level) that map to a section by themselves.
DEFAULT_SUBJECT_SECTIONS = {
    "04000000": "business",  # economy, business and finance
    "15000000": "sports",  # sport
    "13000000": "technology",  # science and technology
    "01000000": "entertainment",  # arts, culture, entertainment and media
}
DEFAULT_KEYWORD_SECTIONS = {
    "cricket": "sports",
    "football": "sports",
    "sport": "sports",
    "sports": "sports",
    "business": "business",
    "economy": "business",
    "markets": "business",
    "technology": "technology",
    "science": "technology",
    "entertainment": "entertainment",
    "film": "entertainment",
    "music": "entertainment",
    "ramadan": "ramadan",
    "pakistan": "pakistan",
}


@dataclass(frozen=True)
class Placement:
    section: SectionPage
    auto_publish: bool


def _subject_codes(item: WireItem) -> set[str]:
    codes = set()
    for subject in item.subjects:
        code = subject.code.split(":")[-1]
        codes.add(code)
        codes.add(f"{subject.scheme}:{code}" if subject.scheme else code)
        if code.isdigit() and len(code) == 8:
            codes.add(code[:2] + "000000")  # its top-level topic
    return codes


def _words(item: WireItem) -> set[str]:
    words = {k.strip().lower() for k in item.keywords}
    words |= {s.name.strip().lower() for s in item.subjects if s.name}
    return words


def _rule_matches(rule: WireSectionRule, item: WireItem, codes: set[str], words: set[str]) -> bool:
    value = rule.value.strip().lower()
    if rule.match == WireSectionRule.Match.SUBJECT:
        return value in {c.lower() for c in codes}
    if rule.match == WireSectionRule.Match.KEYWORD:
        return value in words
    if rule.match == WireSectionRule.Match.COUNTRY:
        return bool(item.dateline) and item.dateline.country.strip().lower() == value
    return False


def _section(slug: str, language: str, cache: dict | None = None) -> SectionPage | None:
    if cache is not None and (slug, language) in cache:
        return cache[(slug, language)]
    qs = SectionPage.objects.filter(slug=slug)
    section = qs.filter(locale__language_code=language).first() or (
        qs.filter(locale__language_code="en").first() if language != "en" else None
    )
    if cache is not None:
        cache[(slug, language)] = section
    return section


class PlacementCache:
    """A source's rules and the sections they name, read once for a pass over many items
    (``place_item(..., cache=...)``)."""

    def __init__(self):
        self.rules: dict[int, list[WireSectionRule]] = {}
        self.sections: dict[tuple[str, str], SectionPage | None] = {}


def place_item(item: WireItem, source: WireSource, cache: PlacementCache | None = None) -> Placement:
    """The source's own rules first, then the built-in subject map, then the default."""
    language = "ur" if (item.language or "").lower().startswith("ur") else "en"
    codes, words = _subject_codes(item), _words(item)
    if cache is None:
        rules = list(source.rules.all())
    elif source.pk not in cache.rules:
        rules = cache.rules[source.pk] = list(source.rules.all())
    else:
        rules = cache.rules[source.pk]
    sections = cache.sections if cache is not None else None
    for rule in rules:
        if _rule_matches(rule, item, codes, words):
            section = _section(rule.section_slug, language, sections)
            if section is not None:
                auto = source.auto_publish if rule.auto_publish is None else rule.auto_publish
                return Placement(section, auto)
    slug = source.default_section_slug
    if source.kind == WireSource.Kind.MANUAL or not source.default_section_slug:
        slug = next((DEFAULT_SUBJECT_SECTIONS[c] for c in codes if c in DEFAULT_SUBJECT_SECTIONS), None) or next(
            (DEFAULT_KEYWORD_SECTIONS[w] for w in sorted(words) if w in DEFAULT_KEYWORD_SECTIONS), "world"
        )
    section = _section(slug, language, sections) or _section("world", language, sections)
    if section is None:
        raise LookupError(f"no section '{slug}' (nor 'world') exists for language '{language}'")
    return Placement(section, source.auto_publish)
