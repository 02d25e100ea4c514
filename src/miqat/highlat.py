"""Fajr and Isha where twilight is long or never ends: the high-latitude rules, and the
Moonsighting Committee's seasonal twilight.

Above about 48° the Sun may not reach 18° below the horizon on summer nights, and well
before that the angle gives a Fajr absurdly early.  The three usual rules cap the time
between Fajr and sunrise (and between sunset and Isha) at a share of the night, the night
being the time from sunset to sunrise:

* ``middle_of_night``: half of the night;
* ``seventh_of_night``: one seventh of it;
* ``twilight_angle``: angle/60 of it (18° gives 18/60, the PrayTimes "angle-based" rule).

A rule applies when the angle gives no time at all or gives one beyond the cap.  For Fajr
the night is the one ending at that morning's sunrise; for Isha, the one starting at that
evening's sunset.

The Moonsighting Committee (Khalid Shaukat) instead gives, below 55° of latitude, a minimum
and maximum twilight that follows the seasons; above 55°, one seventh of the night.
"""

from __future__ import annotations

import calendar

import numpy as np

from miqat.errors import MiqatError

RULES = ("middle_of_night", "seventh_of_night", "twilight_angle")
RULE_ALIASES = {
    "middle": "middle_of_night",
    "midnight": "middle_of_night",
    "middleofthenight": "middle_of_night",
    "seventh": "seventh_of_night",
    "one_seventh": "seventh_of_night",
    "seventhofthenight": "seventh_of_night",
    "angle": "twilight_angle",
    "angle_based": "twilight_angle",
    "twilightangle": "twilight_angle",
    "none": None,
}
SHAFAQ = ("general", "ahmer", "abyad")


def normalise_rule(rule) -> str | None:
    if rule is None:
        return None
    key = str(rule).strip().lower().replace("-", "_").replace(" ", "_")
    key = RULE_ALIASES.get(key, RULE_ALIASES.get(key.replace("_", ""), key))
    if key is not None and key not in RULES:
        raise MiqatError(f"unknown high-latitude rule {rule!r}; one of {', '.join(RULES)} or None")
    return key


def night_portion(rule: str, angle: float) -> float:
    """The share of the night the rule allows between Fajr and sunrise (or sunset and Isha)."""
    if rule == "middle_of_night":
        return 0.5
    if rule == "seventh_of_night":
        return 1.0 / 7.0
    return angle / 60.0


# --- Moonsighting Committee -----------------------------------------------------------

# Minutes of twilight at the four turning points of the year, as a + b·|latitude|/55
# (Khalid Shaukat's table, as published by the Moonsighting Committee).
_FAJR = ((75, 28.65), (75, 19.44), (75, 32.74), (75, 48.10))
_ISHA = {
    "general": ((75, 25.60), (75, 2.050), (75, -9.210), (75, 6.140)),
    "ahmer": ((62, 17.40), (62, -7.16), (62, 5.12), (62, 19.44)),
    "abyad": ((75, 25.60), (75, 7.16), (75, 36.84), (75, 81.84)),
}


def days_since_solstice(day_of_year, year, latitude):
    """Days since the winter solstice of the place's hemisphere (scalars or arrays)."""
    leap = np.vectorize(calendar.isleap)(year) if np.ndim(year) else calendar.isleap(int(year))
    days_in_year = np.where(leap, 366, 365)
    north = (day_of_year + 10) % days_in_year
    south = (day_of_year - np.where(leap, 173, 172)) % days_in_year
    result = np.where(np.asarray(latitude) >= 0, north, south)
    return result if np.ndim(result) else int(result)


def _seasonal(table, latitude, dyy):
    a, b, c, d = (base + slope * np.abs(latitude) / 55.0 for base, slope in table)
    dyy = np.asarray(dyy, dtype=float)
    minutes = np.select(
        [dyy < 91, dyy < 137, dyy < 183, dyy < 229, dyy < 275],
        [
            a + (b - a) / 91.0 * dyy,
            b + (c - b) / 46.0 * (dyy - 91),
            c + (d - c) / 46.0 * (dyy - 137),
            d + (c - d) / 46.0 * (dyy - 183),
            c + (b - c) / 46.0 * (dyy - 229),
        ],
        b + (a - b) / 91.0 * (dyy - 275),
    )
    return minutes if np.ndim(minutes) else float(minutes)


def seasonal_fajr_minutes(latitude, day_of_year, year):
    """Minutes from the Moonsighting Committee's Fajr to sunrise."""
    return _seasonal(_FAJR, latitude, days_since_solstice(day_of_year, year, latitude))


def seasonal_isha_minutes(latitude, day_of_year, year, shafaq: str = "general"):
    """Minutes from sunset to the Moonsighting Committee's Isha."""
    if shafaq not in _ISHA:
        raise MiqatError(f"unknown shafaq {shafaq!r}; one of {', '.join(SHAFAQ)}")
    return _seasonal(_ISHA[shafaq], latitude, days_since_solstice(day_of_year, year, latitude))
