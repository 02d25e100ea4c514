"""How a country predicts the Hijri months it has not declared.

Pakistan starts a month when the Central Ruet-e-Hilal Committee accepts a sighting on the
evening of the 29th; the committee gathers reports from across the country, and the
coast of Sindh and Makran, with the clearest western horizon and the latest sunset, is
where a young crescent is seen first.  So the prediction asks whether the crescent is
visible at Karachi or at Jiwani (the westernmost coastal station) under Odeh's criterion,
zone A (naked eye) or B (optical aid, could be seen by naked eye).  Saudi Arabia's civil
calendar is Umm al-Qura, a computed calendar, so its "prediction" is that calendar; the
crescent at Makkah is shown beside it for information.

Sites, criterion and zones are fields of :class:`CountryRule`; pass another rule to
:class:`miqat.hijri.Calendar` to try a different configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from miqat.calendars.sightings import Sighting
from miqat.place import Place

KARACHI = Place("Karachi", 24.8607, 67.0011, "Asia/Karachi", country="PK", name_ur="کراچی")
JIWANI = Place("Jiwani", 25.0486, 61.7440, "Asia/Karachi", country="PK", name_ur="جیوانی")
MAKKAH = Place("Makkah", 21.4225, 39.8262, "Asia/Riyadh", country="SA", name_ur="مکہ")

CRESCENT = "crescent"
UMM_AL_QURA = "umm_al_qura"


@dataclass(frozen=True)
class Criterion:
    """A visibility criterion and the classes of it that count as a sighting."""

    name: str  # "odeh" or "yallop"
    visible: frozenset[str]

    def __post_init__(self) -> None:
        if self.name not in ("odeh", "yallop"):
            raise ValueError(f"unknown crescent criterion {self.name!r}; use 'odeh' or 'yallop'")

    def grade(self, found: Sighting) -> str:
        return found.odeh_zone if self.name == "odeh" else found.yallop_category

    def sees(self, found: Sighting) -> bool:
        return self.grade(found) in self.visible

    def describe(self) -> str:
        kind = "zone" if self.name == "odeh" else "category"
        return f"{self.name.capitalize()} {kind} {' or '.join(sorted(self.visible))}"


ODEH_A_OR_B = Criterion("odeh", frozenset({"A", "B"}))


@dataclass(frozen=True)
class CountryRule:
    """How a country's undeclared months are predicted.

    ``method`` is ``"crescent"`` (the 29th-evening rule at ``sites`` under ``criterion``)
    or ``"umm_al_qura"`` (the computed Saudi calendar).  The crescent rule is walked month
    by month from 1 Muharram of ``epoch_year`` (taken from Umm al-Qura); earlier months,
    and months whose 29th evening is past the ephemeris, are Umm al-Qura's.
    ``not_before_umm_al_qura`` keeps a predicted start from falling before Umm al-Qura's.
    """

    country: str
    name: str
    method: str
    sites: tuple[Place, ...]
    criterion: Criterion = ODEH_A_OR_B
    not_before_umm_al_qura: bool = False
    epoch_year: int = 1420

    def __post_init__(self) -> None:
        if self.method not in (CRESCENT, UMM_AL_QURA):
            raise ValueError(f"unknown prediction method {self.method!r}")
        if self.method == CRESCENT and not self.sites:
            raise ValueError("the crescent rule needs at least one reference site")


COUNTRIES: dict[str, CountryRule] = {
    "PK": CountryRule("PK", "Pakistan", CRESCENT, (KARACHI, JIWANI), ODEH_A_OR_B),
    "SA": CountryRule("SA", "Saudi Arabia", UMM_AL_QURA, (MAKKAH,), ODEH_A_OR_B),
}

REFERENCE_SITES = {site.name: site for rule in COUNTRIES.values() for site in rule.sites}


def rule_for(country: str) -> CountryRule:
    try:
        return COUNTRIES[country.upper()]
    except KeyError:
        known = ", ".join(sorted(COUNTRIES))
        raise ValueError(f"no Hijri calendar for country {country!r}; known: {known}") from None


def site_named(country: str, name: str) -> Place:
    for site in rule_for(country).sites:
        if site.name == name:
            return site
    raise KeyError(name)
