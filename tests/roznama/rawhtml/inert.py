"""Whether a page shows an editor's payload as text, never as live markup.

The page is parsed as a browser would (html5lib's HTML5 parser) and searched for what the
payload would have made, had it not been escaped: a script element running its code, an
element with an event-handler attribute, a ``javascript:`` link or source.
"""

from __future__ import annotations

import json

import html5lib

# The payloads: each calls a different alert, so any live copy names its own payload.
SCRIPT = "<script>alert(1)</script>"
ONERROR = "<img src=x onerror=alert(2)>"
JAVASCRIPT_LINK = '<a href="javascript:alert(3)">tap</a>'
PAYLOADS = {"script": SCRIPT, "onerror": ONERROR, "javascript-link": JAVASCRIPT_LINK}
JAVASCRIPT_URL = "javascript:alert(3)"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


def parse(html: str | bytes):
    return html5lib.parse(html, treebuilder="lxml", namespaceHTMLElements=False)


def live_markup(html: str | bytes) -> list[str]:
    """What in the page would run a payload's code: empty for a safe page."""
    found = []
    doc = parse(html)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            code = element.text or ""
            if (element.get("type") or "").endswith("json"):
                try:
                    json.loads(code)  # data, and it must stay data: nothing broke out of it
                except ValueError:
                    found.append(f"a JSON script that is not JSON: {code[:80]!r}")
            elif "alert(" in code:
                found.append(f"a script running {code[:80]!r}")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") and "alert(" in value:
                found.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and value.strip().lower().replace("\t", "").startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag == "img" and element.get("src") == "x":
            found.append("the payload's <img src=x>")
    return found


def page_text(html: str | bytes) -> str:
    """The text a reader sees (and what screen readers read), joined."""
    doc = parse(html)
    for script in doc.iter("script"):
        script.text = ""
    return "".join(doc.getroot().itertext())


def assert_shown_as_text(html: str | bytes, payload: str):
    """The payload is on the page, as its own characters, and nothing of it is live."""
    assert not live_markup(html), live_markup(html)
    assert payload in page_text(html), f"{payload!r} is not shown on the page"


def attribute_values(html: str | bytes, name: str) -> list[str]:
    return [e.get(name) for e in parse(html).iter() if isinstance(e.tag, str) and e.get(name) is not None]
