"""A fresh clone stands alone: no test, script or benchmark reads a path outside the repository.

Two checks. The source scan below reads every test, script, benchmark and CI file for paths
that climb out of the repository (``../shared``, ``parents[N]`` past the root, a machine's
absolute folders). The audit hook in ``tests/conftest.py`` watches what the suite really opens
and fails the session on a read beside the repository; its recorder is tested here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]

SCANNED = ("tests", "scripts", "bench", ".ci", "deploy")
SCANNED_FILES = ("Makefile", "pyproject.toml")
TEXT_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".conf", ".yml", ".yaml", ".service", ""}
# Only the non-redistributable WordPress data may be looked for beside the checkout.
ALLOWED_OUTSIDE = ("wordpress-export",)

PARENTS_INDEX = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]((?:\.parent)*)")
PARENT_CHAIN = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent)+)")
CLIMBING_STRING = re.compile(r"""["'](?:\.\./)+(?P<rest>[^"'\s]*)""")
SHARED_FOLDER = re.compile(r"""["'/]shared["'/]""")
MACHINE_FOLDERS = re.compile(r"""["'](?:/work|/home|/root|/mnt|/srv/[a-z])[/"']""")


def scanned_files() -> list[Path]:
    files = [REPOSITORY / name for name in SCANNED_FILES if (REPOSITORY / name).is_file()]
    for folder in SCANNED:
        for path in sorted((REPOSITORY / folder).rglob("*")):
            # The data folder is copied test data; this file's own strings are the examples below.
            if (
                not path.is_file()
                or "data" in path.relative_to(REPOSITORY).parts[:2]
                or path == Path(__file__).resolve()
            ):
                continue
            if path.suffix in TEXT_SUFFIXES or path.name == "run":
                files.append(path)
    return files


def problems_in(path: Path, text: str) -> list[str]:
    found = []
    depth = len(path.relative_to(REPOSITORY).parts) - 1  # folders between the file and the root
    for number, line in enumerate(text.splitlines(), start=1):
        if any(name in line for name in ALLOWED_OUTSIDE):
            continue
        where = f"{path.relative_to(REPOSITORY)}:{number}"
        for match in PARENTS_INDEX.finditer(line):
            levels = int(match.group(1)) + 1 + match.group(2).count(".parent")
            if levels > depth + 1:  # depth + 1 levels up from the file is the repository
                found.append(f"{where}: {match.group(0)} climbs above the repository")
        for match in PARENT_CHAIN.finditer(line):
            if match.group(1).count(".parent") > depth + 1:
                found.append(f"{where}: {match.group(0)} climbs above the repository")
        if SHARED_FOLDER.search(line):
            found.append(f"{where}: names a 'shared' folder outside the repository")
        if MACHINE_FOLDERS.search(line):
            found.append(f"{where}: names a folder of one machine")
        for match in CLIMBING_STRING.finditer(line):
            climbs = match.group(0).count("../")
            if climbs > depth:
                found.append(f"{where}: {match.group(0)} climbs above the repository")
    return found


def test_no_test_script_or_benchmark_reads_outside_the_repository():
    files = scanned_files()
    assert len(files) > 50, "the scan found too few files to mean anything"
    problems = [
        problem for path in files for problem in problems_in(path, path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "line",
    [
        'SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "wire-samples"',
        'DATA = Path(__file__).resolve().parents[4] / "data"',
        'DATA = Path(__file__).parent.parent.parent.parent.parent / "x"',
        'open("../../../../outside.json")',
        'FIXTURES = "/work/fixtures"',
    ],
)
def test_the_scan_catches_a_path_outside(line):
    assert problems_in(REPOSITORY / "tests" / "roznama" / "wire" / "test_example.py", line)


def test_the_scan_lets_paths_inside_through():
    inside = (
        'SAMPLES = Path(__file__).resolve().parents[2] / "data" / "wire-samples"\nROOT = Path(__file__).parent.parent'
    )
    assert problems_in(REPOSITORY / "tests" / "roznama" / "wire" / "test_example.py", inside) == []


def test_the_audit_records_a_read_beside_the_repository(tmp_path, outside_reads):
    OutsideReads = type(outside_reads)
    checkout = tmp_path / "roznama"
    (checkout / "tests").mkdir(parents=True)
    (tmp_path / "shared" / "wire-samples").mkdir(parents=True)
    (tmp_path / "shared" / "wordpress-export").mkdir(parents=True)
    reads = OutsideReads(checkout, allowed=(tmp_path / "shared" / "wordpress-export",))
    reads.check(checkout / "tests" / "data.json")
    reads.check(tmp_path / "shared" / "wordpress-export" / "theme.xml")
    reads.check(str(tmp_path / "shared" / "wire-samples" / "item.xml"))
    reads.check(str(checkout / ".." / "shared" / "wire-samples" / "other.xml").encode())
    assert reads.paths == [
        str(tmp_path / "shared" / "wire-samples" / "item.xml"),
        str(tmp_path / "shared" / "wire-samples" / "other.xml"),
    ]


def test_the_audit_ignores_folders_made_during_the_session(tmp_path, outside_reads):
    OutsideReads = type(outside_reads)
    checkout = tmp_path / "roznama"
    checkout.mkdir()
    reads = OutsideReads(checkout)
    (tmp_path / "made-later").mkdir()
    reads.check(tmp_path / "made-later" / "file")
    assert reads.paths == []


def test_the_audit_is_installed_for_this_session(outside_reads):
    assert outside_reads.root == REPOSITORY
    assert outside_reads.audit.__func__ is type(outside_reads).audit
    # Reading a file of the repository records nothing.
    before = list(outside_reads.paths)
    (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert outside_reads.paths == before
