"""collectstatic builds the static files production serves: content-hashed names, the project's
CSS and JavaScript minified, a gzip and a brotli copy of each beside it, and pages that link
the hashed names."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.slow

OWN_FILES = [
    "roznama/site.css",
    "roznama/site.js",
    "roznama/player.css",
    "roznama/player.js",
    "ramadan/ramadan.css",
    "ramadan/strip.js",
    "live/ticker.js",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The static folder collectstatic writes with the production storage, and its manifest."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "roznama.core.staticfiles.BuiltStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
        yield root, manifest


def source(name: str) -> bytes:
    return Path(finders.find(name)).read_bytes()


@pytest.mark.parametrize("name", OWN_FILES)
def test_each_file_has_a_name_carrying_the_md5_of_its_content(built, name):
    root, manifest = built
    hashed = manifest[name]
    stem, suffix = name.rsplit(".", 1)
    match = re.fullmatch(rf"{re.escape(stem)}\.([0-9a-f]{{12}})\.{suffix}", hashed)
    assert match, hashed
    # Django names a file by the first 12 hex digits of the MD5 of what it serves.
    assert hashlib.md5((root / hashed).read_bytes()).hexdigest()[:12] == match.group(1)


@pytest.mark.parametrize("name", OWN_FILES)
def test_the_projects_css_and_javascript_are_minified(built, name):
    root, manifest = built
    original, served = source(name), (root / manifest[name]).read_bytes()
    assert len(served) < len(original)
    assert served.count(b"\n") < original.count(b"\n") / 4  # no longer one rule or statement a line
    assert not re.search(rb"/\*(?!!)", served), "a comment was left in"


@pytest.mark.parametrize("name", [n for n in OWN_FILES if n.endswith(".js")])
def test_the_minified_javascript_still_parses(built, name):
    node = shutil.which("node")
    assert node, "node (Debian's nodejs) is needed"
    root, manifest = built
    checked = subprocess.run([node, "--check", str(root / manifest[name])], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("name", OWN_FILES)
def test_gzip_and_brotli_copies_hold_the_same_bytes_in_fewer(built, name):
    root, manifest = built
    served = (root / manifest[name]).read_bytes()
    gz = (root / (manifest[name] + ".gz")).read_bytes()
    br = (root / (manifest[name] + ".br")).read_bytes()
    assert gzip.decompress(gz) == served and brotli.decompress(br) == served
    assert len(br) < len(gz) < len(served)


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_pages_link_the_hashed_files_that_were_built(built, client, newsroom, prefix):
    root, manifest = built
    html = client.get(f"{prefix}/").content.decode()
    linked = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert manifest["roznama/site.css"] in linked and manifest["roznama/site.js"] in linked
    for name in linked:
        assert name in manifest.values(), f"{name} is not a hashed name"
        assert (root / name).is_file(), name
