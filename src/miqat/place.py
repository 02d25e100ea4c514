"""A place on the Earth where times are computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Place:
    """A named point: coordinates in degrees (north and east positive), an IANA time zone.

    ``country`` is the ISO 3166-1 alpha-2 code; it selects the country's conventions
    (Pakistan's margins, its Hijri calendar).  ``elevation`` is in metres and is used only
    when a caller asks for an elevation dip.
    """

    name: str
    latitude: float
    longitude: float
    timezone: str
    country: str = ""
    elevation: float = 0.0
    name_ur: str = ""
    code: str = ""
    geonames_id: int | None = None
    province: str = ""
    population: int = 0
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"latitude {self.latitude} is outside -90..90 degrees")
        if not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"longitude {self.longitude} is outside -180..180 degrees")
        try:
            ZoneInfo(self.timezone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError for malformed keys
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc

    @property
    def tz(self) -> ZoneInfo:
        try:
            return _ZONES[self.timezone]
        except KeyError:
            zone = _ZONES[self.timezone] = ZoneInfo(self.timezone)
            return zone


# Every zone a place has asked for, kept: zoneinfo's own cache keeps only the last few
# unless something else holds them, and reading a zone's file costs far more than the
# times themselves.
_ZONES: dict[str, ZoneInfo] = {}
