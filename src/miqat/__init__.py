"""miqat: prayer, sehri and iftar times for any place in the world, to the second.

The public functions:

* ``times(place, day, *, method="karachi", asr="hanafi", **options) -> PrayerTimes``
* ``fasting_times(place, day, *, fiqh="hanafi", convention=None) -> FastingTimes``
* ``timetable(places, start, end, **options) -> Timetable`` (numpy, many places × days)
* ``places.resolve(query)``, ``places.search(text)``, ``places.pakistan()``
* ``hijri``: the Hijri calendar as Pakistan keeps it (``hijri.to_hijri``, announced month starts)

``place`` is a ``Place`` or a name, code or GeoNames id that ``places.resolve`` knows.
The astronomy follows Meeus's *Astronomical Algorithms* and is checked against the JPL
ephemeris DE421; the methods, the high-latitude rules and Pakistan's sehri and iftar
margins are described in their own modules.  miqat imports nothing from the site.
"""

from miqat import hijri, places
from miqat.errors import DateOutOfRange, MiqatError, NoTimeError, PolarError, UnknownMethod, UnknownPlace
from miqat.fasting import COUNTRY_CONVENTIONS, CITY_CONVENTIONS, FastingConvention, FastingTimes, fasting_times
from miqat.methods import METHODS, Method, custom, get_method
from miqat.place import Place
from miqat.timetable import Timetable, timetable
from miqat.times import FIRST_YEAR, LAST_YEAR, PrayerTimes, Timings, times

__all__ = [
    "times",
    "fasting_times",
    "timetable",
    "places",
    "hijri",
    "Place",
    "PrayerTimes",
    "Timings",
    "FastingTimes",
    "FastingConvention",
    "COUNTRY_CONVENTIONS",
    "CITY_CONVENTIONS",
    "Timetable",
    "Method",
    "METHODS",
    "custom",
    "get_method",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MiqatError",
    "UnknownPlace",
    "UnknownMethod",
    "DateOutOfRange",
    "NoTimeError",
    "PolarError",
]
