"""The API's OpenAPI 3.1 description, served at /ramadan/api/v1/openapi.json."""

from __future__ import annotations

from .params import openapi_parameters

ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
ERROR = {
    "description": "A parameter is wrong or unknown: `error` says why, `field` names it.",
    "content": ERROR_CONTENT,
}
NOT_ALLOWED = {
    "description": "Another method than GET, HEAD or OPTIONS.",
    "content": ERROR_CONTENT,
    "headers": {"Allow": {"description": "GET, HEAD, OPTIONS", "schema": {"type": "string"}}},
}


def schema(server: str) -> dict:
    def op(summary, endpoint, ok, description="", **more):
        return {
            "get": {
                "summary": summary,
                "description": description,
                "parameters": openapi_parameters(endpoint),
                "responses": {"200": ok, "400": ERROR, "405": NOT_ALLOWED, **more},
            }
        }

    json_ok = {
        "description": "OK (Cache-Control: public, max-age as documented)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Roznama Ramadan API",
            "version": "1",
            "description": "Sehri and iftar by Pakistan's conventions (miqat) and the Pakistani Hijri "
            "calendar with the moon-sighting committee's announcements.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/ramadan/api/v1/openapi.json": op(
                "This document",
                "openapi",
                {
                    "description": "OpenAPI 3.1 (max-age 3600).",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            ),
            "/ramadan/api/v1/today": op(
                "Today at a city",
                "today",
                {
                    "description": "Today's sehri end, iftar, Hijri date, fast number and prayer times (max-age 60).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Today"}}},
                },
            ),
            "/ramadan/api/v1/month": op(
                "A whole Ramadan at a city",
                "month",
                {
                    "description": "Every day of the month; both fiqhs unless `fiqh` is given (max-age 3600).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Month"}}},
                },
            ),
            "/ramadan/api/v1/places": op("City search", "places", json_ok),
            "/ramadan/api/v1/places/nearest": op(
                "The place nearest a point",
                "nearest",
                {
                    "description": "The registry's place nearest the coordinates (great-circle distance) and how far "
                    "away it is (max-age 3600).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nearest"}}},
                },
                "What the strip's \"Use my location\" names: Pakistan's places of 5,000 people or more and "
                "the world's of 15,000 or more. `place.key` is the `city` to ask the other addresses for.",
            ),
            "/ramadan/api/v1/strip": op(
                "The strip's data", "strip", json_ok, "Segments of time with what the strip says in each (max-age 60)."
            ),
            "/ramadan/timetable.ics": op(
                "Calendar subscription",
                "ics",
                {"description": "iCalendar: one event per sehri and per iftar.", "content": {"text/calendar": {}}},
            ),
            "/ramadan/timetable.csv": op(
                "Timetable as CSV", "csv", {"description": "CSV, local times.", "content": {"text/csv": {}}}
            ),
            "/ramadan/timetable.pdf": op(
                "Timetable as a one-page A4 PDF",
                "pdf",
                {"description": "PDF", "content": {"application/pdf": {}}},
                **{"503": {"description": "The PDF's fonts are missing on this server.", "content": ERROR_CONTENT}},
            ),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "field"],
                    "additionalProperties": False,
                    "properties": {
                        "error": {"type": "string"},
                        "field": {
                            "type": ["string", "null"],
                            "description": "The parameter at fault (null: none in particular).",
                        },
                    },
                },
                "City": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "name_ur": {"type": "string"},
                        "code": {"type": "string"},
                        "geonames_id": {"type": ["integer", "null"]},
                        "latitude": {"type": "number"},
                        "longitude": {"type": "number"},
                        "timezone": {"type": "string"},
                        "margins": {"type": "object"},
                    },
                },
                "Today": {
                    "type": "object",
                    "required": ["city", "date", "sehri_end", "iftar"],
                    "properties": {
                        "city": {"$ref": "#/components/schemas/City"},
                        "date": {"type": "string", "format": "date"},
                        "hijri": {"type": "object"},
                        "fast_number": {"type": ["integer", "null"]},
                        "fiqh": {"type": "string"},
                        "method": {"type": "string"},
                        "sehri_end": {"type": "string", "format": "date-time"},
                        "iftar": {"type": "string", "format": "date-time"},
                        "fasting_minutes": {"type": "integer"},
                        "next": {"type": "object"},
                        "prayer_times": {"type": "object"},
                    },
                },
                "Nearest": {
                    "type": "object",
                    "required": ["latitude", "longitude", "distance_km", "place"],
                    "properties": {
                        "latitude": {"type": "number"},
                        "longitude": {"type": "number"},
                        "distance_km": {"type": "number", "minimum": 0},
                        "place": {
                            "type": "object",
                            "required": ["name", "name_ur", "key", "timezone"],
                            "properties": {
                                "name": {"type": "string"},
                                "name_ur": {"type": "string"},
                                "code": {"type": "string"},
                                "geonames_id": {"type": ["integer", "null"]},
                                "country": {"type": "string"},
                                "latitude": {"type": "number"},
                                "longitude": {"type": "number"},
                                "timezone": {"type": "string"},
                                "key": {"type": "string"},
                            },
                        },
                    },
                },
                "Month": {
                    "type": "object",
                    "required": ["city", "hijri_year", "days"],
                    "properties": {
                        "city": {"$ref": "#/components/schemas/City"},
                        "hijri_year": {"type": "integer"},
                        "ramadan_starts": {"type": "object"},
                        "eid_ul_fitr": {"type": "object"},
                        "days": {"type": "array", "items": {"type": "object"}},
                    },
                },
            }
        },
    }
