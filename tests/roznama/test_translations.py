"""Every interface string has its Urdu translation, and the compiled catalogue says the same
as the one translators edit (so an edit nobody compiled cannot ship)."""

import gettext
import re
from pathlib import Path

import pytest

import roznama

CATALOGUES = sorted(Path(roznama.__file__).parent.rglob("locale/ur/LC_MESSAGES/django.po"))


def entries(po_text: str):
    for block in po_text.split("\n\n"):
        if "fuzzy" in block.split("msgid")[0]:
            yield "FUZZY", block, None
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1))).encode().decode("unicode_escape").encode("latin-1").decode()
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
