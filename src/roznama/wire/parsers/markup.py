"""Turning XML bodies (NITF, XHTML inside NewsML-G2) into HTML for the sanitiser.

The result is still untrusted HTML: :func:`roznama.wire.sanitize.clean_html` runs on it
afterwards. What happens here is structural: namespaces go, NITF names become HTML names
(``hl2`` to ``h2``, ``bq`` to ``blockquote``), and parts that are not the story text are
taken out (a repeated headline, pictures, agency furniture such as TT's label line).
Pictures found in the body are returned as :class:`MediaItem` so they are not lost.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml import etree

from ..items import MediaItem
from ..sanitize import collapse_whitespace
from .draft import make_rendition

# NITF body elements and their HTML equivalents. Unlisted inline NITF elements (person,
# location, chron, money...) are unwrapped to their text by the sanitiser.
NITF_TO_HTML = {"hl2": "h2", "bq": "blockquote", "block": "div", "body.content": "div", "nitf-table": "div"}
# Taken out with their content: not part of the story text.
NOT_STORY_TEXT = {
    "head",
    "title",
    "header",
    "h1",
    "hedline",
    "figure",
    "img",
    "media",
    "meta",
    "tagline",
    "body.end",
    "body.head",
}
# Agency furniture inside XHTML bodies, by class: TT puts the section label and the source
# in a div.dat above the text; dpa repeats the slugline as a list.
NOT_STORY_CLASSES = {"dat", "slugline", "vignette", "byline", "embargoed", "publicationDate"}


def local_name(element) -> str:
    """An element's name without its namespace ("" for comments and the like)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element, name: str) -> list:
    return [child for child in element if local_name(child) == name]


def child(element, name: str):
    """The first child called ``name`` (any namespace), or None."""
    for candidate in element:
        if local_name(candidate) == name:
            return candidate
    return None


def descendants(element, name: str) -> list:
    return [candidate for candidate in element.iter() if local_name(candidate) == name]


def text_of(element) -> str:
    """All the text inside an element, whitespace collapsed; "" for None."""
    if element is None:
        return ""
    return collapse_whitespace("".join(element.itertext()))


_BLOCK_ELEMENTS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "li",
    "ul",
    "ol",
    "br",
    "tr",
    "table",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hl1",
    "hl2",
}
_ASCII_WHITESPACE = re.compile(r"[ \t\r\n]+")


def readable_text(element) -> str:
    """The text of an element with one line per block (paragraph, list item, heading).

    For notes to editors, where running "Notizblock" into "Redaktionelle Hinweise" would
    make them hard to read.
    """
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node) -> None:
        block = local_name(node) in _BLOCK_ELEMENTS
        if block:
            parts.append("\n")
        parts.append(node.text or "")
        for inner in node:
            if isinstance(inner.tag, str):
                walk(inner)
            parts.append(inner.tail or "")
        if block:
            parts.append("\n")

    walk(element)
    lines = (collapse_whitespace(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_fragment(markup: str):
    """An HTML string (from JSON) as an element to read text from; None when empty."""
    if not markup or not markup.strip():
        return None
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def split_nonpublic(element) -> tuple[str, str]:
    """(public text, non-public text) of a note whose HTML marks sections ``*nonpublic*``.

    dpa's notepad mixes a public part with a part "not intended for publication" (the
    reporter's phone number); the two must not travel together as one note.
    """
    if element is None:
        return "", ""
    public = copy.deepcopy(element)
    hidden = [
        node
        for node in public.iter()
        if isinstance(node.tag, str) and any("nonpublic" in name for name in _classes(node))
    ]
    hidden_text = "\n".join(readable_text(node) for node in hidden)
    for node in hidden:
        if node.getparent() is not None:
            _remove_keeping_tail(node)
    return readable_text(public), hidden_text


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _picture_from_html(element, warnings: list[str]) -> MediaItem | None:
    images = [element] if local_name(element) == "img" else descendants(element, "img")
    captions = descendants(element, "figcaption")
    caption = text_of(captions[0]) if captions else ""
    renditions = []
    item_id = ""
    for image in images:
        item_id = item_id or image.get("data-uri") or ""
        rendition = make_rendition(image.get("src"), warnings, name="inline")
        if rendition:
            renditions.append(rendition)
        caption = caption or collapse_whitespace(image.get("alt"))
    if not renditions and not item_id:
        return None
    credit = " ".join(text_of(node) for node in element.iter() if "byline" in _classes(node))
    return MediaItem(kind="picture", item_id=item_id, caption=caption, credit=credit, renditions=tuple(renditions))


def _picture_from_nitf(element, warnings: list[str]) -> MediaItem | None:
    renditions = []
    item_id = ""
    for reference in descendants(element, "media-reference"):
        source = reference.get("source") or ""
        rendition = make_rendition(
            source,
            [],
            name=reference.get("name") or "",
            width=reference.get("width"),
            height=reference.get("height"),
            mime_type=reference.get("mime-type") or "",
        )
        if rendition:
            renditions.append(rendition)
        else:
            item_id = item_id or source  # NTB refers to the picture by its id, not a URL
    if not renditions and not item_id:
        return None
    kind = {"image": "picture", "photo": "picture", "video": "video", "audio": "audio", "graphic": "graphic"}.get(
        (element.get("media-type") or "image").lower(), "picture"
    )
    caption = text_of(child(element, "media-caption"))
    credit = text_of(child(element, "media-producer"))
    return MediaItem(kind=kind, item_id=item_id, caption=caption, credit=credit, renditions=tuple(renditions))


def body_to_html(container, warnings: list[str], *, drop_text: tuple[str, ...] = ()) -> tuple[str, list[MediaItem]]:
    """The inner content of ``container`` as HTML, and the pictures taken out of it.

    ``drop_text`` lists texts (the headline, the standfirst) whose paragraph or heading is
    removed when the body repeats them word for word.
    """
    body = copy.deepcopy(container)
    media: list[MediaItem] = []
    repeated = {collapse_whitespace(text).lower() for text in drop_text if text}
    body.text = _ASCII_WHITESPACE.sub(" ", body.text) if body.text else body.text
    _convert_children(body, media, repeated, warnings)
    parts = [body.text or ""]
    for element in body:
        if isinstance(element.tag, str):
            parts.append(etree.tostring(element, method="html", encoding="unicode", with_tail=False))
        parts.append(element.tail or "")
    return "".join(parts), media


def _convert_children(parent, media: list[MediaItem], repeated: set[str], warnings: list[str]) -> None:
    for element in list(parent):
        if not isinstance(element.tag, str):
            _remove_keeping_tail(element)  # comments, processing instructions
            continue
        name = local_name(element)
        if name in {"figure", "img"}:
            picture = _picture_from_html(element, warnings)
            if picture:
                media.append(picture)
        elif name == "media":
            picture = _picture_from_nitf(element, warnings)
            if picture:
                media.append(picture)
        if (
            name in NOT_STORY_TEXT
            or _classes(element) & NOT_STORY_CLASSES
            or (name in {"p", "h2", "h3", "h4", "hl2"} and repeated and text_of(element).lower() in repeated)
        ):
            _remove_keeping_tail(element)
            continue
        element.tag = NITF_TO_HTML.get(name, name)
        for attribute in list(element.attrib):
            if attribute not in {"href", "colspan", "rowspan"}:
                del element.attrib[attribute]
        # XML bodies are indented and hard-wrapped; HTML reads all ASCII whitespace as one
        # space anyway. Non-breaking spaces are kept: "10 000" must not break.
        if name != "pre":
            element.text = _ASCII_WHITESPACE.sub(" ", element.text) if element.text else element.text
            _convert_children(element, media, repeated, warnings)
        element.tail = _ASCII_WHITESPACE.sub(" ", element.tail) if element.tail else element.tail


def _remove_keeping_tail(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
