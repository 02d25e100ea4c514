"""The command line: tables, JSON, CSV, Urdu, errors, ``python -m miqat``, and the calendar
commands being optional."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import miqat
from miqat import cli

SRC = Path(__file__).resolve().parents[2] / "src"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_today_table(capsys):
    code, out, _ = run(capsys, "today", "--city", "Lahore", "--date", "2025-03-16")
    assert code == 0
    assert "Lahore" in out and "Fajr" in out and "Iftar" in out
    row = [line for line in out.splitlines() if line.startswith("2025-03-16")][0].split()
    fast = miqat.fasting_times("Lahore", "2025-03-16")
    assert row[-1] == f"{fast.iftar:%H:%M}" == "18:13"
    assert row[-2] == f"{fast.sehri_end:%H:%M}"


def test_month_json_and_csv(capsys):
    code, out, _ = run(capsys, "month", "--city", "Karachi", "--fiqh", "jafria", "--month", "2026-02", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["days"]) == 28 and data["fiqh"] == "jafria" and data["method"] == "karachi"
    first = data["days"][0]
    fast = miqat.fasting_times("Karachi", "2026-02-01", fiqh="jafria")
    assert first["iftar"] == f"{fast.iftar:%H:%M}" and first["sehri_end"] == f"{fast.sehri_end:%H:%M}"
    code, out, _ = run(capsys, "month", "--city", "KHI", "--month", "2026-02", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 28 and rows[0]["date"] == "2026-02-01" and rows[0]["fajr"] == first["fajr"]


def test_urdu_output(capsys):
    code, out, _ = run(capsys, "today", "--city", "کوئٹہ", "--date", "2025-03-16", "--lang", "ur")
    assert code == 0 and "کوئٹہ" in out and "افطار" in out and "بلوچستان" in out


def test_hijri_month_or_a_clear_error(capsys):
    code, out, err = run(capsys, "month", "--city", "Lahore", "--hijri", "1448-09")
    try:
        from miqat.hijri import to_gregorian
    except ImportError:
        assert code == 2 and "Hijri" in err
        return
    assert code == 0
    days = [line.split()[0] for line in out.splitlines() if line[:4].isdigit()]
    assert days[0] == to_gregorian(1448, 9, 1, country="PK").isoformat()
    assert 29 <= len(days) <= 30


def test_unknown_city_suggests(capsys):
    code, _, err = run(capsys, "today", "--city", "Peshawr")
    assert code == 2 and "Peshawar" in err


def test_polar_error_is_clear(capsys):
    code, _, err = run(capsys, "today", "--city", "Tromsø", "--date", "2025-06-21")
    assert code == 2 and "does not set" in err
    code, out, _ = run(capsys, "today", "--city", "Tromsø", "--date", "2025-06-21", "--polar", "nearest_day")
    assert code == 0


def test_search_and_methods(capsys):
    code, out, _ = run(capsys, "search", "lah", "--limit", "3")
    assert code == 0 and "LHR" in out
    code, out, _ = run(capsys, "methods")
    assert code == 0 and "karachi" in out and "Moonsighting" in out


def test_today_works_without_the_calendar_module(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "miqat.cli_calendar", None)  # import fails
    code, out, _ = run(capsys, "today", "--city", "ISB", "--date", "2025-03-16")
    assert code == 0 and "Islamabad" in out
    with pytest.raises(SystemExit):
        cli.main(["hijri"])


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "miqat", "today", "--city", "Peshawar", "--date", "2025-03-16", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["place"]["code"] == "PWR"
