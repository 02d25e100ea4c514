"""Every interface string has its Urdu translation, and the compiled catalogue says the same
as the one translators edit (so an edit nobody compiled cannot ship)."""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

import roznama

PROJECT = Path(roznama.__file__).parent
CATALOGUES = sorted(PROJECT.rglob("locale/ur/LC_MESSAGES/django.po"))


def entries(po_text: str):
    for block in po_text.split("\n\n"):
        if "fuzzy" in block.split("msgid")[0]:
            yield "FUZZY", block, None
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        key = (
            "".join(re.findall(r'"(.*)"', msgid.group(1))).encode().decode("unicode_escape").encode("latin-1").decode()
        )
        if not key:
            continue  # the header
        if "msgid_plural" in block:
            forms = re.findall(r'^msgstr\[\d\] (".*")', block, re.M)
            yield key, block, ["".join(re.findall(r'"(.*)"', f)) for f in forms]
        else:
            msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
            yield key, block, "".join(re.findall(r'"(.*)"', msgstr.group(1)))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_every_string_is_translated_and_compiled(po):
    text = po.read_text("utf-8")
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    untranslated, stale = [], []
    for key, block, translation in entries(text):
        if key == "FUZZY":
            untranslated.append(block.splitlines()[-2])
            continue
        if isinstance(translation, list):
            if not all(translation):
                untranslated.append(key)
            continue
        if not translation:
            untranslated.append(key)
        elif "\\" not in translation and compiled.gettext(key) != translation:
            stale.append(key)
    assert not untranslated, f"untranslated in {po}: {untranslated}"
    assert not stale, f"{po.with_suffix('.mo')} is older than its .po for: {stale}"


def untranslated_entries(po: Path) -> list[str]:
    return [
        key if key != "FUZZY" else block.splitlines()[-2]
        for key, block, translation in entries(po.read_text("utf-8"))
        if key == "FUZZY" or not translation or (isinstance(translation, list) and not all(translation))
    ]


def test_every_marked_string_is_in_an_urdu_catalogue(tmp_path, monkeypatch):
    """The strings are extracted afresh (makemessages, on a copy of the project), so a string
    added to the code or a template without a translation is caught, not only one left empty."""
    assert shutil.which("xgettext"), "xgettext (Debian's gettext package) is needed to extract the strings"
    copy = tmp_path / "roznama"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "media"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ur"], verbosity=0, no_obsolete=True)
    missing = {
        str(po.relative_to(copy)): untranslated_entries(po)
        for po in sorted(copy.rglob("locale/ur/LC_MESSAGES/django.po"))
    }
    missing = {po: keys for po, keys in missing.items() if keys}
    assert not missing, f"strings with no Urdu translation (add them to the catalogue, then compile it): {missing}"
