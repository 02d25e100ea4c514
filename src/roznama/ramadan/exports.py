"""The month's timetable as files: an iCalendar feed, CSV and a one-page A4 PDF.

ICS: one event per sehri and per iftar for one city and fiqh.  A sehri event runs the half
hour before sehri ends (its DTEND is the moment eating stops); an iftar event starts at
iftar and lasts a quarter of an hour.  Times are written in UTC, so every calendar reads
them the same way.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _

from .timetable import Month
from .formatting import fast_label, format_date, format_duration, format_time, local_digits, month_name, weekday
from .times import fiqh_label
from .calendar import site_calendar

SEHRI_EVENT = timedelta(minutes=30)
IFTAR_EVENT = timedelta(minutes=15)


# --- File names ---------------------------------------------------------------------------

# What a file name may not hold on any of the systems readers save to (and what would end a
# header's quoted string).
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\\/:*?"<>|;,\s]+')


def file_names(month: Month, extension: str, lang: str, *extra: str) -> tuple[str, str]:
    """(ASCII name, name in the file's language) of an export: ``ramadan-1446-isb-hanafi.ics``
    in English; in Urdu ``رمضان-1446-اسلام-آباد-حنفی.ics``, with ``ramadan-1446-isb-hanafi-ur.ics``
    for the programs that read only ASCII names.  ``extra`` are the English words after the
    city (a fiqh, a language code)."""
    code = (month.city.code or month.city.key).lower().replace(",", "_")
    english = "-".join(["ramadan", str(month.year), code, *extra])
    if lang != "ur":
        return f"{english}.{extension}", f"{english}.{extension}"
    ascii_name = english if english.endswith("-ur") else english + "-ur"
    with translation.override("ur"):
        words = [_("Ramadan"), str(month.year), month.city.display_name("ur")]
        words += [fiqh_label(word) for word in extra if word in ("hanafi", "jafria")]
    urdu = "-".join(_UNSAFE_IN_NAME.sub("-", word).strip("-") for word in words)
    return f"{ascii_name}.{extension}", f"{urdu}.{extension}"


def content_disposition(ascii_name: str, name: str) -> str:
    """RFC 6266: the ASCII ``filename`` every client reads, and ``filename*`` (RFC 8187,
    UTF-8, percent-encoded) with the name in its own script for the clients that can."""
    if name == ascii_name:
        return f'inline; filename="{ascii_name}"'
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


# --- iCalendar ----------------------------------------------------------------------------


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a character."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def month_ics(month: Month, fiqh: str, lang: str, stamp: datetime, spelling: str = "Ramadan") -> str:
    city = month.city
    name = city.display_name(lang)
    cal = site_calendar()
    with translation.override(lang):
        title = _("Sehri and iftar, %(city)s (%(fiqh)s), %(month)s") % {
            "city": name,
            "fiqh": fiqh_label(fiqh),
            "month": f"{month_name(9, lang, spelling)} {local_digits(str(month.year), lang)}",
        }
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Roznama//Ramadan timetable//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_ics_escape(title)}",
            f"X-WR-TIMEZONE:{city.place.timezone}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
        ]
        for row in month.rows:
            sehri, iftar = row.times(fiqh)
            fast = (
                fast_label(cal.to_hijri(row.day), lang, spelling)
                if not row.possible
                else f"{month_name(9, lang, spelling)} 30"
            )
            note = _(" (if the month has 30 days)") if row.possible else ""
            events = (
                (
                    "sehri",
                    sehri - SEHRI_EVENT,
                    sehri,
                    _("Sehri ends %(time)s · %(fast)s · %(city)s")
                    % {"time": format_time(sehri, lang), "fast": fast, "city": name},
                ),
                (
                    "iftar",
                    iftar,
                    iftar + IFTAR_EVENT,
                    _("Iftar %(time)s · %(fast)s · %(city)s")
                    % {"time": format_time(iftar, lang), "fast": fast, "city": name},
                ),
            )
            for kind, start, end, summary in events:
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{month.year}-{row.fast:02d}-{kind}-{city.key.replace(',', '_')}-{fiqh}@roznama",
                    f"DTSTAMP:{_utc(stamp)}",
                    f"DTSTART:{_utc(start)}",
                    f"DTEND:{_utc(end)}",
                    f"SUMMARY:{_ics_escape(summary + note)}",
                    f"CATEGORIES:{kind.upper()},RAMADAN",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
        lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


# --- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "fast",
    "date",
    "weekday",
    "hijri_date",
    "ashra",
    "hanafi_sehri_end",
    "hanafi_iftar",
    "jafria_sehri_end",
    "jafria_iftar",
    "hanafi_fasting_hours",
    "note",
)


def month_csv(month: Month) -> str:
    """Times in the city's local time (HH:MM, 24-hour); ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in month.rows:
        minutes = row.fasting_minutes
        writer.writerow(
            [
                row.fast,
                row.day.isoformat(),
                row.day.strftime("%A"),
                f"{month.year}-09-{row.fast:02d}",
                row.ashra,
                row.hanafi_sehri.strftime("%H:%M"),
                row.hanafi_iftar.strftime("%H:%M"),
                row.jafria_sehri.strftime("%H:%M"),
                row.jafria_iftar.strftime("%H:%M"),
                f"{minutes // 60}:{minutes % 60:02d}",
                "if the month has 30 days" if row.possible else "",
            ]
        )
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------


class FontMissing(RuntimeError):
    """The fonts a PDF needs are not installed (Debian: fonts-noto-core)."""


@lru_cache(maxsize=8)
def font_file(family: str) -> str:
    """The file of an installed font family, found through fontconfig."""
    if shutil.which("fc-match") is None:
        raise FontMissing("fontconfig (fc-match) is not installed")
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family], capture_output=True, text=True, timeout=10)
    names, _, path = found.stdout.partition("|")
    wanted = family.split(":")[0].lower()
    if found.returncode != 0 or not path or wanted not in names.lower():
        raise FontMissing(f"the font {family!r} is not installed (Debian: fonts-noto-core)")
    return path


def month_pdf(month: Month, lang: str, spelling: str = "Ramadan", site_name: str = "Roznama") -> bytes:
    """The month on one A4 page, in English or Urdu (Urdu shaped by HarfBuzz)."""
    from fpdf import FPDF

    urdu = lang == "ur"
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(12, 10, 12)
    pdf.add_page()
    pdf.add_font("NotoSans", "", font_file("Noto Sans"))
    pdf.add_font("NotoSans", "B", font_file("Noto Sans:bold"))
    family = "NotoSans"
    if urdu:
        pdf.add_font("NotoNaskh", "", font_file("Noto Naskh Arabic"))
        pdf.add_font("NotoNaskh", "B", font_file("Noto Naskh Arabic:bold"))
        pdf.set_fallback_fonts(["NotoSans"])
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="urd")
        family = "NotoNaskh"
    with translation.override(lang):
        city = month.city.display_name(lang)
        title = f"{month_name(9, lang, spelling)} {local_digits(str(month.year), lang)} · {city}"
        pdf.set_title(f"{month_name(9, 'en', spelling)} {month.year} · {month.city.name}")
        pdf.set_author(site_name)
        pdf.set_font(family, "B", 17)
        pdf.cell(0, 9, title, align="R" if urdu else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        subtitle = _("Sehri ends and iftar, Hanafi and Jafria · Ramadan begins %(start)s (%(status)s)") % {
            "start": format_date(month.start.first_day, lang),
            "status": _("announced") if month.start.status == "announced" else _("predicted"),
        }
        pdf.cell(0, 6, subtitle, align="R" if urdu else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        headings = [
            _("Fast"),
            _("Date"),
            _("Day"),
            _("Sehri (Hanafi)"),
            _("Iftar (Hanafi)"),
            _("Sehri (Jafria)"),
            _("Iftar (Jafria)"),
            _("Fasting"),
        ]
        widths = [12, 30, 24, 24, 24, 24, 24, 20]
        if urdu:
            headings, widths = headings[::-1], widths[::-1]
        row_height = min(7.4, (297 - 10 - 12 - pdf.get_y() - 14) / (len(month.rows) + 1))
        pdf.set_fill_color(11, 61, 46)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(family, "B", 8.5)
        for text, width in zip(headings, widths):
            pdf.cell(width, row_height, text, border=1, align="C", fill=True)
        pdf.ln(row_height)
        pdf.set_text_color(20, 23, 26)
        pdf.set_font(family, "", 8.5)
        shades = {1: (236, 246, 241), 2: (255, 255, 255), 3: (250, 243, 230)}
        for row in month.rows:
            pdf.set_fill_color(*shades[row.ashra])
            cells = [
                local_digits(str(row.fast), lang) + ("*" if row.possible else ""),
                format_date(row.day, lang),
                weekday(row.day, lang),
                format_time(row.hanafi_sehri, lang),
                format_time(row.hanafi_iftar, lang),
                format_time(row.jafria_sehri, lang),
                format_time(row.jafria_iftar, lang),
                format_duration(row.fasting_minutes, lang),
            ]
            if urdu:
                cells = cells[::-1]
            for text, width in zip(cells, widths):
                pdf.cell(width, row_height, text, border=1, align="C", fill=True)
            pdf.ln(row_height)
        pdf.ln(2)
        pdf.set_font(family, "", 7.5)
        notes = [
            _("Shaded: the three Ashras (mercy, forgiveness, refuge from the Fire)."),
            _("Times by Pakistan's published convention; the month's end depends on the moon."),
        ]
        if any(r.possible for r in month.rows):
            notes.append(_("* only if the month has 30 days."))
        for note in notes:
            pdf.cell(0, 4.5, note, align="R" if urdu else "L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
