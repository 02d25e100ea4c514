"""Sehri, iftar and the prayers for a city and a day, from miqat, with the fiqh and method a
reader chose; miqat's refusals become the reader's BadInput."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from miqat import fasting_times as _fasting_times, times as _prayer_times
from miqat.errors import MiqatError

from .cities import City
from .errors import BadInput


FIQHS = ("hanafi", "jafria")


PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")


def fasting(city: City, day: date, fiqh: str = "hanafi", method: str | None = None):
    convention = dict(city.convention)
    if method:
        convention["method"] = method
    try:
        return _fasting_times(city.place, day, fiqh=fiqh, convention=convention or None)
    except MiqatError as exc:
        raise BadInput(f"{city.name}, {day.isoformat()}: {exc}", field="city") from None


def prayer_times(city: City, day: date, method: str | None = None):
    try:
        return _prayer_times(city.place, day, method=method or "auto")
    except MiqatError as exc:
        raise BadInput(f"{city.name}, {day.isoformat()}: {exc}", field="city") from None


def check_fiqh(value: str | None) -> str:
    key = (value or "hanafi").strip().lower()
    key = {"jafari": "jafria", "shia": "jafria", "sunni": "hanafi"}.get(key, key)
    if key not in FIQHS:
        raise BadInput(f"fiqh must be hanafi or jafria, not {value!r}", field="fiqh")
    return key


def check_method(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    from miqat.methods import get_method

    try:
        return get_method(value).key
    except MiqatError as exc:
        raise BadInput(f"method: {exc}", field="method") from None


def fiqh_label(fiqh: str) -> str:
    return _("Hanafi") if fiqh == "hanafi" else _("Jafria")


def prayer_label(name: str) -> str:
    return {"fajr": _("Fajr"), "dhuhr": _("Dhuhr"), "asr": _("Asr"), "maghrib": _("Maghrib"), "isha": _("Isha")}[name]
