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
    "cricket": "sports", "football": "sports", "sport": "sports", "sports": "sports",
    "business": "business", "economy": "business", "markets": "business",
    "technology": "technology", "science": "technology",
    "entertainment": "entertainment", "film": "entertainment", "music": "entertainment",
    "ramadan": "ramadan", "pakistan": "pakistan",
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


def _section(slug: str, language: str) -> SectionPage | None:
    qs = SectionPage.objects.filter(slug=slug)
    return qs.filter(locale__language_code=language).first() or (
        qs.filter(locale__language_code="en").first() if language != "en" else None
    )


def place_item(item: WireItem, source: WireSource) -> Placement:
    """The source's own rules first, then the built-in subject map, then the default."""
    language = "ur" if (item.language or "").lower().startswith("ur") else "en"
    codes, words = _subject_codes(item), _words(item)
    for rule in source.rules.all():
        if _rule_matches(rule, item, codes, words):
            section = _section(rule.section_slug, language)
            if section is not None:
                auto = source.auto_publish if rule.auto_publish is None else rule.auto_publish
                return Placement(section, auto)
    slug = source.default_section_slug
    if source.kind == WireSource.Kind.MANUAL or not source.default_section_slug:
        slug = next((DEFAULT_SUBJECT_SECTIONS[c] for c in codes if c in DEFAULT_SUBJECT_SECTIONS), None) or next(
            (DEFAULT_KEYWORD_SECTIONS[w] for w in sorted(words) if w in DEFAULT_KEYWORD_SECTIONS), "world"
        )
    section = _section(slug, language) or _section("world", language)
    if section is None:
        raise LookupError(f"no section '{slug}' (nor 'world') exists for language '{language}'")
    return Placement(section, source.auto_publish)
