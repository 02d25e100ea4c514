"""The API's OpenAPI 3.1 description, served at /ramadan/api/v1/openapi.json."""

from __future__ import annotations


def _param(name, description, *, required=False, schema=None, example=None):
    out = {"name": name, "in": "query", "required": required, "description": description,
           "schema": schema or {"type": "string"}}
    if example is not None:
        out["example"] = example
    return out


CITY = _param("city", "A city: English or Urdu name (Lahore, لاہور), short code (LHR), GeoNames id (1172451) "
              "or coordinates as lat,lon (31.55,74.35). Empty: the strip's first city.", example="Lahore")
TZ = _param("tz", "IANA time zone for coordinates outside Pakistan (Europe/London).")
FIQH = _param("fiqh", "hanafi or jafria.", schema={"type": "string", "enum": ["hanafi", "jafria"]})
METHOD = _param("method", "Calculation method for dawn (karachi, mwl, isna, umm_al_qura, ... or an Aladhan id). "
                "Default: the country's convention (karachi in Pakistan).", example="karachi")
YEAR = _param("year", "Hijri year of the Ramadan (1400-1500). Default: the Ramadan in progress, else the next.",
              schema={"type": "integer", "minimum": 1400, "maximum": 1500}, example=1448)
LANG = _param("lang", "Language of labels: en or ur.", schema={"type": "string", "enum": ["en", "ur"]})

ERROR = {"description": "A parameter is wrong; `error` says which and why.",
         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def schema(server: str) -> dict:
    def op(summary, params, ok, description=""):
        return {"get": {"summary": summary, "description": description, "parameters": params,
                        "responses": {"200": ok, "400": ERROR}}}

    json_ok = {"description": "OK (Cache-Control: public, max-age as documented)",
               "content": {"application/json": {"schema": {"type": "object"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Roznama Ramadan API", "version": "1",
                 "description": "Sehri and iftar by Pakistan's conventions (miqat) and the Pakistani Hijri "
                                "calendar with the moon-sighting committee's announcements."},
        "servers": [{"url": server}],
        "paths": {
            "/ramadan/api/v1/today": op("Today at a city", [CITY, TZ, FIQH, METHOD], {
                "description": "Today's sehri end, iftar, Hijri date, fast number and prayer times (max-age 60).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Today"}}}}),
            "/ramadan/api/v1/month": op("A whole Ramadan at a city", [CITY, TZ, FIQH, METHOD, YEAR], {
                "description": "Every day of the month; both fiqhs unless `fiqh` is given (max-age 3600).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Month"}}}}),
            "/ramadan/api/v1/places": op("City search", [
                _param("q", "The first letters of a city (English or Urdu).", required=True, example="Lah"),
                _param("limit", "At most this many (1-25).", schema={"type": "integer"})], json_ok),
            "/ramadan/api/v1/strip": op("The strip's data", [CITY, TZ, LANG], json_ok,
                                        "Segments of time with what the strip says in each (max-age 60)."),
            "/ramadan/timetable.ics": op("Calendar subscription", [CITY, TZ, FIQH, METHOD, YEAR, LANG],
                                         {"description": "iCalendar: one event per sehri and per iftar.",
                                          "content": {"text/calendar": {}}}),
            "/ramadan/timetable.csv": op("Timetable as CSV", [CITY, TZ, METHOD, YEAR],
                                         {"description": "CSV, local times.", "content": {"text/csv": {}}}),
            "/ramadan/timetable.pdf": op("Timetable as a one-page A4 PDF", [CITY, TZ, METHOD, YEAR, LANG],
                                         {"description": "PDF", "content": {"application/pdf": {}}}),
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "City": {"type": "object", "properties": {
                "name": {"type": "string"}, "name_ur": {"type": "string"}, "code": {"type": "string"},
                "geonames_id": {"type": ["integer", "null"]}, "latitude": {"type": "number"},
                "longitude": {"type": "number"}, "timezone": {"type": "string"}, "margins": {"type": "object"}}},
            "Today": {"type": "object", "required": ["city", "date", "sehri_end", "iftar"], "properties": {
                "city": {"$ref": "#/components/schemas/City"}, "date": {"type": "string", "format": "date"},
                "hijri": {"type": "object"}, "fast_number": {"type": ["integer", "null"]},
                "fiqh": {"type": "string"}, "method": {"type": "string"},
                "sehri_end": {"type": "string", "format": "date-time"}, "iftar": {"type": "string", "format": "date-time"},
                "fasting_minutes": {"type": "integer"}, "next": {"type": "object"}, "prayer_times": {"type": "object"}}},
            "Month": {"type": "object", "required": ["city", "hijri_year", "days"], "properties": {
                "city": {"$ref": "#/components/schemas/City"}, "hijri_year": {"type": "integer"},
                "ramadan_starts": {"type": "object"}, "eid_ul_fitr": {"type": "object"},
                "days": {"type": "array", "items": {"type": "object"}}}},
        }},
    }
