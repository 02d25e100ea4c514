"""The hijri and crescent commands, run as the main miqat command line will run them."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys


from miqat import cli_calendar


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli_calendar.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_adds_the_commands_with_handlers():
    parser = argparse.ArgumentParser(prog="miqat")
    cli_calendar.register(parser.add_subparsers(dest="command"))
    for argv, handler in [
        (["hijri", "today"], cli_calendar.handle_today),
        (["hijri", "month-starts", "--year", "1448"], cli_calendar.handle_month_starts),
        (["hijri", "convert", "2025-03-16"], cli_calendar.handle_convert),
        (["crescent", "--date", "2027-02-07"], cli_calendar.handle_crescent),
    ]:
        assert parser.parse_args(argv).func is handler


def test_month_starts_1448_for_pakistan_prints_the_figures(capsys):
    code, out, _ = run(capsys, "hijri", "month-starts", "--country", "PK", "--year", "1448")
    assert code == 0
    ramadan = next(line for line in out.splitlines() if "Ramadan" in line)
    assert "2027-02-" in ramadan and "predicted" in ramadan and "crescent" in ramadan
    assert "evening of 2027-02-07" in out
    for word in ("Karachi:", "Jiwani:", "Odeh V", "zone", "Yallop q", "lag", "age", "ARCL", "ARCV", "DAZ", "W "):
        assert word in out


def test_month_starts_1448_for_saudi_arabia(capsys):
    code, out, _ = run(capsys, "hijri", "month-starts", "--country", "SA", "--year", "1448")
    assert code == 0
    ramadan = next(line for line in out.splitlines() if "Ramadan" in line)
    assert "2027-02-08" in ramadan and "umm_al_qura" in ramadan
    assert "Makkah:" in out


def test_month_starts_json(capsys):
    code, out, _ = run(capsys, "hijri", "month-starts", "--year", "1446", "--json")
    document = json.loads(out)
    assert code == 0 and [m["month"] for m in document["months"]] == list(range(1, 13))
    ramadan = document["months"][8]
    assert ramadan["first_day"] == "2025-03-02" and ramadan["status"] == "announced"


def test_today_at_a_given_instant(capsys):
    code, out, _ = run(capsys, "hijri", "today", "--at", "2025-03-16T20:00+05:00", "--place", "Karachi")
    assert code == 0
    assert "15 Ramadan 1446" in out and "Ramadan 15" in out
    assert "Night of 16 Ramadan" in out
    assert "Umm al-Qura: 16 Ramadan 1446" in out
    assert "Eid ul-Fitr on 31 March 2025 (announced)" in out


def test_convert_both_ways_and_the_impossible_date(capsys):
    assert run(capsys, "hijri", "convert", "2025-03-16")[1].startswith("1446-09-15")
    assert "2025-03-02" in run(capsys, "hijri", "convert", "1446-09-01")[1]
    code, _, err = run(capsys, "hijri", "convert", "1446-09-30")
    assert code == 2 and "has 29 days" in err


def test_crescent_for_an_evening(capsys):
    code, out, _ = run(capsys, "crescent", "--date", "2027-02-07", "--place", "Karachi")
    assert code == 0
    assert "Karachi" in out and "conjunction  2027-02-06 15:5" in out and "Odeh V" in out


def test_unknown_place_is_an_error(capsys):
    code, _, err = run(capsys, "crescent", "--date", "2027-02-07", "--place", "Atlantis-on-Sea")
    assert code == 2 and "unknown place" in err


def test_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "miqat.cli_calendar", "hijri", "today"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Umm al-Qura" in done.stdout
