"""Agency HTML cut down to an allow-list, and URL checks.

Bodies arrive as XHTML, NITF converted to HTML, or HTML strings inside JSON. Whatever the
agency sent, the site only ever gets the markup listed here: paragraphs, sub-headings,
quotes, lists, tables (agencies send sports results as tables), emphasis and links. Scripts,
styles, iframes, forms, images, event handlers and ``style`` attributes are removed (the
first few with their content); links keep only ``href``, and only when it is an absolute
http(s) URL or a mailto address. Pictures travel separately, as :class:`MediaItem`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "br",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
# Removed together with everything inside them, not just unwrapped to their text.
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "svg",
        "math",
        "head",
        "title",
        "form",
        "button",
        "select",
        "textarea",
        "audio",
        "video",
        "canvas",
        "picture",
    }
)
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str | None, schemes: frozenset[str] = ALLOWED_URL_SCHEMES) -> str | None:
    """``url`` if it is an absolute URL with an allowed scheme, else None.

    Relative URLs are refused (an agency's relative link means nothing on our site), as are
    URLs with user names or passwords in them, and anything not http, https or mailto, such
    as ``javascript:``, ``data:`` or ``file:``. Browsers ignore tabs and newlines inside a
    scheme (``java\\tscript:``), so those are taken out before the check.
    """
    if not url:
        return None
    candidate = url.strip()
    if _CONTROL_CHARACTERS.search(candidate.split(":", 1)[0]):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme in {"http", "https"}:
        if not parts.hostname or parts.username or parts.password:
            return None
    elif scheme == "mailto" and "@" not in parts.path:
        return None
    if any(ord(character) < 0x20 for character in candidate):
        return None
    return candidate


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return safe_url(value)
    if attribute in {"colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= 100 else None
    return value


_LINK_WITHOUT_HREF = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br>)*</p>")
# Block ends followed by whitespace (or nothing) and another tag: one block per line.
_SPACE_BETWEEN_BLOCKS = re.compile(r"(</(?:p|h2|h3|h4|blockquote|ul|ol|table)>)\s*(?=<)")


def clean_html(markup: str) -> str:
    """Untrusted HTML cut down to the allow-list; links without a usable URL become text."""
    if not markup:
        return ""
    cleaned = nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    cleaned = _SPACE_BETWEEN_BLOCKS.sub("\\1\n", cleaned)
    return cleaned.strip()


def text_to_html(text: str) -> str:
    """Plain agency text as paragraphs: one ``<p>`` per line (blank lines are skipped)."""
    paragraphs = [line.strip() for line in text.splitlines()]
    return "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in paragraphs if line)


_WHITESPACE = re.compile(r"\s+")


def plain_text(markup: str | None) -> str:
    """Text with tags removed, entities decoded and whitespace collapsed: for headlines."""
    if not markup:
        return ""
    if "<" in markup or "&" in markup:
        markup = html.unescape(nh3.clean(markup, tags=set(), clean_content_tags=set(REMOVED_WITH_CONTENT)))
    return _WHITESPACE.sub(" ", markup).strip()


def collapse_whitespace(text: str | None) -> str:
    """Text with runs of whitespace (agency XML is full of indentation) made single spaces."""
    return _WHITESPACE.sub(" ", text or "").strip()
