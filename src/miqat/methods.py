"""Calculation methods: the angles, intervals and adjustments each authority uses.

A method says how far below the horizon the Sun is at Fajr and at Isha (or how many minutes
separate them from sunrise and Maghrib), whether Maghrib is at sunset, some minutes after
it, or at an angle, and which minutes the authority adds to its published times.  The
numbers are those the authorities publish, as collected by the Adhan and PrayTimes
projects and the Aladhan API; each method also answers to Aladhan's numeric id, so
``method=1`` is Karachi as it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType

from miqat.errors import UnknownMethod

PRAYERS = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
ROUNDINGS = ("nearest", "up", "down", "none")


@dataclass(frozen=True)
class Method:
    """One way of computing prayer times.

    Fajr is ``fajr_angle`` degrees below the horizon before sunrise, or ``fajr_interval``
    minutes before sunrise when that is set; Isha likewise after Maghrib.  Maghrib is
    ``maghrib_angle`` degrees below the horizon when set, otherwise ``maghrib_interval``
    minutes after sunset.  ``adjustments`` are minutes the authority adds to its times
    (for example Dubai publishes Dhuhr three minutes after the transit).  ``seasonal``
    selects the Moonsighting Committee's seasonal twilight (Khalid Shaukat) in place of a
    fixed angle.  ``ramadan_isha_extra`` is added to Isha in Ramadan when a caller asks
    for it (Umm al-Qura's 30 minutes).
    """

    key: str
    name: str
    fajr_angle: float | None = 18.0
    isha_angle: float | None = 17.0
    fajr_interval: float | None = None
    isha_interval: float | None = None
    maghrib_angle: float | None = None
    maghrib_interval: float = 0.0
    adjustments: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), hash=False)
    rounding: str = "nearest"
    seasonal: bool = False
    ramadan_isha_extra: float = 0.0
    aladhan_id: int | None = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.fajr_angle is None and self.fajr_interval is None:
            raise ValueError("a method needs a Fajr angle or a Fajr interval")
        if self.isha_angle is None and self.isha_interval is None:
            raise ValueError("a method needs an Isha angle or an Isha interval")
        for prayer in self.adjustments:
            if prayer not in PRAYERS:
                raise ValueError(f"no prayer called {prayer!r} to adjust (one of {', '.join(PRAYERS)})")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"rounding must be one of {', '.join(ROUNDINGS)}")
        if not isinstance(self.adjustments, MappingProxyType):
            object.__setattr__(self, "adjustments", MappingProxyType(dict(self.adjustments)))

    def adjustment(self, prayer: str) -> float:
        return float(self.adjustments.get(prayer, 0.0))

    def with_options(self, **changes) -> "Method":
        """A copy with some parameters changed (``adjustments`` are added, not replaced)."""
        if "adjustments" in changes:
            merged = dict(self.adjustments)
            for prayer, minutes in dict(changes["adjustments"] or {}).items():
                merged[prayer] = merged.get(prayer, 0.0) + minutes
            changes["adjustments"] = MappingProxyType(merged)
        return replace(self, **changes)

    def describe(self) -> str:
        fajr = f"{self.fajr_angle:g}°" if self.fajr_interval is None else f"{self.fajr_interval:g} min"
        isha = f"{self.isha_angle:g}°" if self.isha_interval is None else f"{self.isha_interval:g} min"
        if self.seasonal:
            fajr, isha = f"{fajr} seasonal", f"{isha} seasonal"
        return f"{self.name} (Fajr {fajr}, Isha {isha})"


def _adj(**minutes) -> MappingProxyType:
    return MappingProxyType(minutes)


_ALL = (
    Method(
        "jafari",
        "Shia Ithna Ashari, Leva Institute, Qum",
        16.0,
        14.0,
        maghrib_angle=4.0,
        aladhan_id=0,
        aliases=("jafria", "shia", "qum", "leva"),
    ),
    Method(
        "karachi", "University of Islamic Sciences, Karachi", 18.0, 18.0, aladhan_id=1, aliases=("uisk", "pakistan")
    ),
    Method(
        "isna", "Islamic Society of North America", 15.0, 15.0, aladhan_id=2, aliases=("north_america", "northamerica")
    ),
    Method(
        "mwl", "Muslim World League", 18.0, 17.0, aladhan_id=3, aliases=("muslim_world_league", "muslimworldleague")
    ),
    Method(
        "umm_al_qura",
        "Umm al-Qura University, Makkah",
        18.5,
        None,
        isha_interval=90.0,
        ramadan_isha_extra=30.0,
        aladhan_id=4,
        aliases=("makkah", "ummalqura", "uqu"),
    ),
    Method("egyptian", "Egyptian General Authority of Survey", 19.5, 17.5, aladhan_id=5, aliases=("egypt",)),
    Method(
        "tehran",
        "Institute of Geophysics, University of Tehran",
        17.7,
        14.0,
        maghrib_angle=4.5,
        aladhan_id=7,
        aliases=(),
    ),
    Method("gulf", "Gulf Region", 19.5, None, isha_interval=90.0, aladhan_id=8),
    Method("kuwait", "Kuwait", 18.0, 17.5, aladhan_id=9),
    Method("qatar", "Qatar", 18.0, None, isha_interval=90.0, aladhan_id=10),
    Method(
        "singapore",
        "Majlis Ugama Islam Singapura",
        20.0,
        18.0,
        adjustments=_adj(dhuhr=1.0),
        rounding="up",
        aladhan_id=11,
        aliases=("muis",),
    ),
    Method("france", "Union des Organisations Islamiques de France", 12.0, 12.0, aladhan_id=12, aliases=("uoif",)),
    Method(
        "turkey",
        "Diyanet İşleri Başkanlığı, Turkey",
        18.0,
        17.0,
        adjustments=_adj(sunrise=-7.0, dhuhr=5.0, asr=4.0, maghrib=7.0),
        aladhan_id=13,
        aliases=("diyanet",),
    ),
    Method(
        "moonsighting",
        "Moonsighting Committee Worldwide",
        18.0,
        18.0,
        adjustments=_adj(dhuhr=5.0, maghrib=3.0),
        seasonal=True,
        aladhan_id=15,
        aliases=("moonsighting_committee", "moonsightingcommittee", "msc"),
    ),
    Method(
        "dubai", "Dubai", 18.2, 18.2, adjustments=_adj(sunrise=-3.0, dhuhr=3.0, asr=3.0, maghrib=3.0), aladhan_id=16
    ),
    Method("jakim", "Jabatan Kemajuan Islam Malaysia", 20.0, 18.0, aladhan_id=17, aliases=("malaysia",)),
    Method("kemenag", "Kementerian Agama, Indonesia", 20.0, 18.0, aladhan_id=20, aliases=("indonesia",)),
)

METHODS: MappingProxyType = MappingProxyType({m.key: m for m in _ALL})
_BY_NAME = {alias: m for m in _ALL for alias in (m.key, *m.aliases)}
_BY_ID = {m.aladhan_id: m for m in _ALL if m.aladhan_id is not None}


def custom(fajr_angle: float | None = 18.0, isha_angle: float | None = 17.0, **parameters) -> Method:
    """A method of one's own: ``custom(fajr_angle=18, isha_angle=17)``, with any of the
    other ``Method`` fields."""
    return Method("custom", parameters.pop("name", "Custom"), fajr_angle, isha_angle, **parameters)


def get_method(method) -> Method:
    """A ``Method`` from its key (``"karachi"``), an alias, an Aladhan id (``1`` or
    ``"1"``) or a ``Method`` itself."""
    if isinstance(method, Method):
        return method
    if isinstance(method, bool):
        raise UnknownMethod(f"unknown method {method!r}")
    if isinstance(method, int) or (isinstance(method, str) and method.strip().isdigit()):
        found = _BY_ID.get(int(method))
        if found is None:
            ids = ", ".join(f"{i} {m.key}" for i, m in sorted(_BY_ID.items()))
            raise UnknownMethod(f"no method has the Aladhan id {method}; known: {ids}")
        return found
    if isinstance(method, str):
        key = method.strip().lower().replace("-", "_").replace(" ", "_")
        found = _BY_NAME.get(key) or _BY_NAME.get(key.replace("_", ""))
        if found is not None:
            return found
    raise UnknownMethod(f"unknown method {method!r}; known: {', '.join(METHODS)}")


# The method each country's authorities use, for ``method="auto"`` and for the fasting
# conventions of countries without a convention of their own.
COUNTRY_METHODS = MappingProxyType(
    {
        "PK": "karachi",
        "IN": "karachi",
        "BD": "karachi",
        "AF": "karachi",
        "SA": "umm_al_qura",
        "YE": "umm_al_qura",
        "AE": "dubai",
        "KW": "kuwait",
        "QA": "qatar",
        "BH": "gulf",
        "OM": "gulf",
        "SG": "singapore",
        "MY": "jakim",
        "ID": "kemenag",
        "BN": "singapore",
        "IR": "tehran",
        "IQ": "jafari",
        "TR": "turkey",
        "EG": "egyptian",
        "SD": "egyptian",
        "LY": "egyptian",
        "SY": "egyptian",
        "LB": "egyptian",
        "JO": "egyptian",
        "PS": "egyptian",
        "US": "isna",
        "CA": "isna",
        "GB": "moonsighting",
        "IE": "moonsighting",
        "FR": "france",
    }
)


def country_method(country: str) -> Method:
    """The method usually followed in a country (ISO code), the Muslim World League's
    where miqat knows of no national one."""
    return METHODS[COUNTRY_METHODS.get((country or "").upper(), "mwl")]
