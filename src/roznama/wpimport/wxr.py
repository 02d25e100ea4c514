"""WordPress's export format (WXR 1.0 to 1.2), read as a stream.

The file is parsed with lxml's ``iterparse`` and each ``<item>`` is handed over as a plain
dict, then cleared from memory, so an archive of any size is read in constant memory. The
parser never resolves entities, never loads a DTD and never touches the network: a WordPress
export has no DTD, so a file that declares one (the way into external-entity and
"billion laughs" attacks) is refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from lxml import etree


class WXRError(Exception):
    """The file cannot be read as a WordPress export (the message says why and where)."""


@dataclass
class Channel:
    """The site the export came from, as far as the file has told us yet."""

    title: str = ""
    link: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""

    @property
    def site_url(self) -> str:
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")


@dataclass
class Event:
    """One thing read from the file: an author, a term, an item (post, page, attachment...)."""

    kind: str  # "author", "category", "tag", "term", "item"
    data: dict = field(default_factory=dict)


def _kind_of(namespace: str, local: str) -> str:
    if "excerpt" in namespace:
        return f"excerpt:{local}"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return f"content:{local}"
    if "wordpress.org/export" in namespace:
        return f"wp:{local}"
    if "purl.org/dc/elements" in namespace:
        return f"dc:{local}"
    return local


def _name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        return _kind_of(namespace, local)
    return tag


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _flat(element) -> dict:
    """A term or author element as {name: text}."""
    return {_name(child): _text(child) for child in element}


def _item(element) -> dict:
    item: dict = {"categories": [], "postmeta": {}, "wp:comment_count": 0}
    for child in element:
        name = _name(child)
        if name == "category":
            item["categories"].append(
                {"domain": child.get("domain", "category"), "nicename": child.get("nicename", ""), "name": _text(child)}
            )
        elif name == "wp:postmeta":
            values = _flat(child)
            key = values.get("wp:meta_key", "")
            if key:
                item["postmeta"][key] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            item["wp:comment_count"] += 1
        elif name == "guid":
            item["guid"] = _text(child)
        elif name and name != "wp:comment_count":
            # content keeps its whitespace: blank lines are classic paragraphs
            item[name] = child.text or "" if name in ("content:encoded", "excerpt:encoded") else _text(child)
    if not item.get("wp:post_id"):
        # Hand-made exports leave the id out; WordPress's GUIDs and short links carry it.
        for address in (item.get("guid", ""), item.get("link", "")):
            found = _POST_ID_IN_LINK.search(address)
            if found:
                item["wp:post_id"] = found.group(1)
                break
    return item


_POST_ID_IN_LINK = re.compile(r"[?&](?:p|page_id|attachment_id)=(\d+)")
_CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}
_CHANNEL_EVENTS = {"wp:author": "author", "wp:category": "category", "wp:tag": "tag", "wp:term": "term"}


class _Position:
    """The file object the parser reads, counting the bytes read (for the progress bar)."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        return data


_DECLARATIONS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def read(handle: BinaryIO, channel: Channel | None = None, position: list | None = None) -> Iterator[Event]:
    """The events of one export file, in file order; ``channel`` is filled in as the file's
    header is read. ``position``, when given, gets the byte count read so far in its first slot.
    Raises ``WXRError`` for a file that is not a well-formed export (events already handed over
    stay handed over: a truncated file gives what it has, then the error)."""
    channel = channel if channel is not None else Channel()
    head = handle.read(4096)
    if _DECLARATIONS.search(head.split(b"<rss", 1)[0]):
        raise WXRError(
            "the file declares a DTD or entities, which WordPress exports never do; refused "
            "(a way to make the importer read local files or expand text without end)"
        )
    source = _Position(_Rewound(head, handle))
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    seen_root = False
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if not seen_root:
                    seen_root = True
                    if element.getroottree().docinfo.internalDTD is not None:
                        raise WXRError("the file declares a DTD, which WordPress exports never do; refused")
                    if _name(element) != "rss":
                        raise WXRError(f"not a WordPress export: the document is <{_name(element)}>, not <rss>")
                continue
            depth -= 1
            if depth != 2:  # only the channel's own children (rss > channel > x) are read whole
                continue
            name = _name(element)
            if name == "item":
                if position is not None:
                    position[0] = source.done
                yield Event("item", _item(element))
            elif name in _CHANNEL_EVENTS:
                yield Event(_CHANNEL_EVENTS[name], _flat(element))
            elif name in _CHANNEL_FIELDS and not getattr(channel, _CHANNEL_FIELDS[name]):
                setattr(channel, _CHANNEL_FIELDS[name], _text(element))
            # Done with it: free the element and the siblings before it.
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else "?")
        raise WXRError(
            f"the XML is malformed or cut short at line {line}: {exc.msg if hasattr(exc, 'msg') else exc}"
        ) from exc
    if not seen_root:
        raise WXRError("the file is empty")
    if position is not None:
        position[0] = source.done


class _Rewound:
    """``handle`` with the bytes already read from its start put back in front."""

    def __init__(self, head: bytes, handle: BinaryIO):
        self.head = head
        self.handle = handle

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size is None or size < 0:
                data, self.head = self.head + self.handle.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self.handle.read(size)
