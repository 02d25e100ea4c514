"""The whole suite reads only the repository: a fresh clone in an empty folder must pass.

While the suite runs, an audit hook watches every file the test process opens. A read in a
folder beside the repository (``../something``) is recorded, and the session fails at its end
with the list of paths. The one exception is WordPress's theme test data, which may not be
redistributed: the ``wordpress_export`` fixture looks for it beside the checkout and skips,
saying where it looked, when it is absent.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
# Not redistributable (see its own SOURCES.md): kept outside, read only where present.
WORDPRESS_EXPORT = Path(os.environ.get("ROZNAMA_WORDPRESS_EXPORT", REPOSITORY.parent / "shared" / "wordpress-export"))


class OutsideReads:
    """Records opens under ``root``'s parent folder that fall outside ``root``.

    Only folders that were already beside the repository when the session began count (a
    temporary folder made later, as pytest's and PostgreSQL's are when the clone sits in the
    system's temporary folder, is the suite's own). Hidden folders (a home directory's caches)
    and the ``allowed`` folders do not count.
    """

    def __init__(self, root: Path, allowed: tuple[Path, ...] = (), ignored: tuple[Path, ...] = ()):
        self.root = root.resolve()
        self.parent = self.root.parent
        self.allowed = tuple(path.resolve() for path in allowed)
        self.ignored = tuple(path.resolve() for path in ignored)
        try:
            self.siblings = {
                entry.name
                for entry in self.parent.iterdir()
                if entry.name != self.root.name and not entry.name.startswith(".")
            }
        except OSError:
            self.siblings = set()
        self.paths: list[str] = []

    def check(self, path) -> None:
        if isinstance(path, int):
            return
        try:
            path = os.fsdecode(os.fspath(path))
        except TypeError:
            return
        absolute = Path(os.path.abspath(path))
        try:
            sibling = absolute.relative_to(self.parent).parts[0]
        except (ValueError, IndexError):
            return
        if sibling not in self.siblings:
            return
        if any(absolute == folder or folder in absolute.parents for folder in self.allowed + self.ignored):
            return
        self.paths.append(str(absolute))

    def audit(self, event: str, args) -> None:
        if event == "open" and args:
            self.check(args[0])


def _ignored_folders() -> tuple[Path, ...]:
    # The suite's own throwaway files live in the system's temporary folder. Where that folder
    # sits beside the repository it is ignored; where the clone itself lives inside it, only
    # pytest's own folder there is (the snapshot of siblings already leaves out new ones).
    temporary = Path(tempfile.gettempdir()).resolve()
    parent = REPOSITORY.parent
    if temporary == parent or temporary in parent.parents:
        own = [
            *temporary.glob("pytest-of-*"),
            *temporary.glob("roznama-pg-*"),
            *temporary.glob("roznama-redis-*"),
            *temporary.glob("roznama-test-*"),
        ]
        return tuple(path for path in own if path.resolve() != REPOSITORY)
    return (temporary,)


_outside_reads = OutsideReads(REPOSITORY, allowed=(WORDPRESS_EXPORT,), ignored=_ignored_folders())
sys.addaudithook(_outside_reads.audit)


def pytest_sessionfinish(session, exitstatus):
    if _outside_reads.paths:
        shown = sorted(set(_outside_reads.paths))
        message = "The suite read files outside the repository (a fresh clone has none of them):\n  " + "\n  ".join(
            shown[:20]
        )
        session.config.get_terminal_writer().line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def wordpress_export() -> Path:
    """WordPress's theme test data, beside the checkout; the test skips where it is absent."""
    if not WORDPRESS_EXPORT.is_dir():
        pytest.skip(
            f"WordPress theme test data not found at {WORDPRESS_EXPORT} (not redistributable, "
            "so not in the repository; set ROZNAMA_WORDPRESS_EXPORT to its folder)"
        )
    return WORDPRESS_EXPORT


@pytest.fixture
def outside_reads():
    """The session's recorder and its class, for the tests of the check itself."""
    return _outside_reads
