"""A WordPress post's content (classic HTML or block-editor markup) as article body blocks.

Block-editor markup is read block by block from its ``<!-- wp:name {attrs} -->`` comments:
paragraphs, headings, quotes, lists, tables, images (with captions), galleries and embeds
become the article's own blocks. Classic content gets WordPress's own paragraph rule (a blank
line starts a paragraph) and its ``[caption]``, ``[gallery]`` and ``[embed]`` shortcodes.
Everything is cut down to the site's allow-list of HTML (the wire's sanitiser); what has no
block of its own is kept as sanitised HTML in a paragraph, and noted, so the report says so.

Images are looked up with ``find_image(attachment_id, url)``, which the importer gives: a
picture the import could not store is left out and noted, never a broken link.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable

from django.utils.html import escape
from lxml import html as lxml_html

from roznama.wire.body import html_to_blocks
from roznama.wire.sanitize import clean_html, plain_text, safe_url

FindImage = Callable[[int | None, str | None], object | None]

# Blocks that hold other blocks: their inner blocks are read as if they stood alone.
CONTAINERS = {"group", "columns", "column", "cover", "media-text", "row", "stack"}
# Text blocks the sanitiser and the wire's block splitter turn into our blocks.
TEXT_BLOCKS = {
    "paragraph",
    "heading",
    "quote",
    "list",
    "list-item",
    "table",
    "pullquote",
    "preformatted",
    "verse",
    "freeform",
    "code",
    "details",
}
# Layout only: nothing to keep.
LAYOUT_BLOCKS = {"separator", "spacer", "more", "nextpage"}

_BLOCK_COMMENT = re.compile(r"<!--\s+(/)?wp:([a-z0-9_/-]+)(\s+(\{.*?\}))?\s*(/)?-->", re.DOTALL)
_SHORTCODE_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE_GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
_SHORTCODE_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE_ANY = re.compile(r"\[/?([a-z_][a-z0-9_-]*)[^\]]*\]", re.IGNORECASE)
_LONE_URL = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.MULTILINE)
_ATTRIBUTE = re.compile(r"""(\w+)=["']([^"']*)["']""")
_IMAGE_CLASS_ID = re.compile(r"wp-image-(\d+)")
_BLOCK_TAGS = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|table|pre|figure|hr|dl|address|form|section)\b", re.IGNORECASE
)
_EMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "facebook.com",
    "soundcloud.com",
    "spotify.com",
    "flickr.com",
    "dailymotion.com",
    "tiktok.com",
    "wordpress.tv",
)


@dataclass
class Body:
    blocks: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def convert(content: str, find_image: FindImage) -> Body:
    """The blocks of one post's content, with notes on what was kept as HTML or left out."""
    body = Body()
    if not content or not content.strip():
        return body
    if "<!-- wp:" in content:
        _blocks(content, find_image, body)
    else:
        _classic(content, find_image, body)
    return body


# --- block editor ------------------------------------------------------------------------


def _split_blocks(markup: str) -> list[tuple[str | None, dict, str]]:
    """The top-level blocks of ``markup``: (name or None for loose HTML, attributes, inner markup)."""
    found = []
    position = 0
    depth = 0
    current = None  # (name, attrs, inner start)
    for match in _BLOCK_COMMENT.finditer(markup):
        closing, name, _, attrs_json, self_closing = match.groups()
        name = name if "/" in name else f"core/{name}"
        if depth == 0 and not closing:
            loose = markup[position : match.start()]
            if loose.strip():
                found.append((None, {}, loose))
            try:
                attrs = json.loads(attrs_json) if attrs_json else {}
            except ValueError:
                attrs = {}
            if self_closing:
                found.append((name, attrs, ""))
                position = match.end()
                continue
            current = (name, attrs, match.end())
            depth = 1
        elif not closing and not self_closing:
            depth += 1
        elif closing:
            depth -= 1
            if depth == 0 and current is not None:
                found.append((current[0], current[1], markup[current[2] : match.start()]))
                position = match.end()
                current = None
    if current is not None:  # an unclosed block: keep what follows it as loose HTML
        position = current[2]
    rest = markup[position:]
    if rest.strip():
        found.append((None, {}, rest))
    return found


def _blocks(markup: str, find_image: FindImage, body: Body) -> None:
    for name, attrs, inner in _split_blocks(markup):
        if name is None:
            _classic(inner, find_image, body)
            continue
        namespace, short = name.split("/", 1)
        if namespace == "core" and short in LAYOUT_BLOCKS:
            continue
        if namespace == "core" and short in CONTAINERS:
            _blocks(inner, find_image, body)
            continue
        if namespace == "core" and short == "image":
            _image(attrs.get("id"), inner, find_image, body)
        elif namespace == "core" and short == "gallery":
            if "<!-- wp:" in inner:
                _blocks(inner, find_image, body)
            else:
                ids = attrs.get("ids") or []
                for attachment_id in ids:
                    _add_image(attachment_id, None, "", find_image, body)
                if not ids:
                    _html_images(inner, find_image, body)
        elif (namespace == "core" and short in ("embed", "video", "audio")) or namespace == "core-embed":
            url = attrs.get("url") or _first_url(inner)
            _embed(url, body, name)
        elif namespace == "core" and short in TEXT_BLOCKS:
            _text(inner, body)
        elif namespace == "core" and short == "shortcode":
            _classic(inner, find_image, body)
        elif namespace == "core" and short == "html":
            _text(inner, body, note="custom HTML block kept as sanitised HTML")
        else:
            if inner.strip():
                _text(inner, body, note=f"block {name} kept as sanitised HTML")
            else:
                body.note(f"block {name} has no content to keep; left out")


def _first_url(markup: str) -> str | None:
    match = re.search(r"https?://[^\s<>\"']+", markup or "")
    return match.group(0) if match else None


def _embed(url: str | None, body: Body, where: str = "embed") -> None:
    url = safe_url((url or "").strip())
    if url and url.startswith(("http://", "https://")):
        body.blocks.append(("embed", url))
    else:
        body.note(f"{where} without a usable URL; left out")


def _image(attachment_id, inner: str, find_image: FindImage, body: Body) -> None:
    fragment = _parse(inner)
    src, caption = None, ""
    if fragment is not None:
        images = fragment.xpath("//img")
        if images:
            src = images[0].get("src")
            if attachment_id is None:
                attachment_id = _class_id(images[0].get("class", ""))
        captions = fragment.xpath("//figcaption")
        if captions:
            caption = " ".join(captions[0].text_content().split())
    _add_image(attachment_id, src, caption, find_image, body)


def _class_id(classes: str) -> int | None:
    match = _IMAGE_CLASS_ID.search(classes or "")
    return int(match.group(1)) if match else None


def _add_image(attachment_id, src, caption, find_image: FindImage, body: Body) -> None:
    try:
        attachment_id = int(attachment_id) if attachment_id not in (None, "") else None
    except (TypeError, ValueError):
        attachment_id = None
    image = find_image(attachment_id, src)
    if image is None:
        body.note(f"image {attachment_id or src or '(no source)'} is not among the imported pictures; left out")
        return
    body.blocks.append(("image", {"image": image, "caption": plain_text(caption)[:255], "credit": ""}))


def _parse(markup: str):
    if not markup or not markup.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:
        return None


def _html_images(markup: str, find_image: FindImage, body: Body) -> str:
    """Each picture in ``markup`` as an image block; the markup without them."""
    fragment = _parse(markup)
    if fragment is None or not fragment.xpath("//img"):
        return markup
    for image in fragment.xpath("//img"):
        caption = ""
        figure = next((a for a in image.iterancestors() if a.tag == "figure"), None)
        if figure is not None:
            captions = figure.xpath(".//figcaption")
            if captions:
                caption = captions[0].text_content()
                captions[0].drop_tree()
        _add_image(
            _class_id(image.get("class", "")),
            image.get("src"),
            caption or image.get("alt", "") if figure is not None else "",
            find_image,
            body,
        )
        image.drop_tree()
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in fragment) + (fragment.text or "")


def _text(markup: str, body: Body, note: str | None = None) -> None:
    cleaned = clean_html(markup)
    if not cleaned:
        if markup.strip() and note:
            body.note(note.replace("kept as sanitised HTML", "had nothing the site keeps; left out"))
        return
    if not cleaned.lstrip().startswith("<"):
        cleaned = f"<p>{cleaned}</p>"
    blocks = html_to_blocks(cleaned)
    if note:
        body.note(note)
    elif any(tag in cleaned for tag in ("<table", "<pre")):
        body.note("a table kept as sanitised HTML in a paragraph")
    body.blocks.extend(blocks)


# --- classic editor ----------------------------------------------------------------------


def autop(text: str) -> str:
    """WordPress's paragraph rule, simplified: text separated by a blank line is a paragraph,
    a single line break inside one is a ``<br>``; block-level HTML stays as it is."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_TAGS.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _classic(markup: str, find_image: FindImage, body: Body) -> None:
    # Shortcodes first, in the order they stand, each splitting the text around it.
    pieces = re.split(
        r"(\[caption[^\]]*\].*?\[/caption\]|\[gallery[^\]]*\]|\[embed[^\]]*\].*?\[/embed\])",
        markup,
        flags=re.DOTALL | re.IGNORECASE,
    )
    for piece in pieces:
        if not piece:
            continue
        caption = _SHORTCODE_CAPTION.fullmatch(piece)
        gallery = _SHORTCODE_GALLERY.fullmatch(piece)
        embed = _SHORTCODE_EMBED.fullmatch(piece)
        if caption:
            attrs = dict(_ATTRIBUTE.findall(caption.group(1)))
            inner = caption.group(2)
            fragment = _parse(inner)
            src = None
            if fragment is not None and fragment.xpath("//img"):
                src = fragment.xpath("//img")[0].get("src")
            text = plain_text(re.sub(r"<img[^>]*>", "", inner)) or attrs.get("caption", "")
            attachment = attrs.get("id", "").replace("attachment_", "")
            _add_image(attachment if attachment.isdigit() else None, src, text, find_image, body)
        elif gallery:
            attrs = dict(_ATTRIBUTE.findall(gallery.group(1)))
            ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip().isdigit()]
            if not ids:
                body.note("a [gallery] of a post's attached pictures without ids; left out")
            for attachment_id in ids:
                _add_image(attachment_id, None, "", find_image, body)
        elif embed:
            _embed(embed.group(1), body, "[embed]")
        else:
            _classic_html(piece, find_image, body)


def _classic_html(markup: str, find_image: FindImage, body: Body) -> None:
    unknown = sorted({m.group(1).lower() for m in _SHORTCODE_ANY.finditer(markup)})
    if unknown:
        body.note("shortcodes kept as text: " + ", ".join(f"[{name}]" for name in unknown))
    # A URL alone on its line is an embed in WordPress (oEmbed) when it is a known provider's.
    parts = _LONE_URL.split(markup)
    for index, part in enumerate(parts):
        if index % 2 == 1:
            if any(host in part for host in _EMBED_HOSTS):
                _embed(part, body)
            else:
                _text(f'<p><a href="{escape(part)}">{escape(part)}</a></p>', body)
            continue
        if not part.strip():
            continue
        html = autop(part)
        for element in _top_level(html):
            if isinstance(element, str):
                _text(element, body)
                continue
            if element.xpath("descendant-or-self::img"):
                rest = _html_images(lxml_html.tostring(element, encoding="unicode"), find_image, body)
                if plain_text(rest):
                    _text(rest, body)
            else:
                _text(lxml_html.tostring(element, encoding="unicode"), body)


def _top_level(markup: str) -> list:
    try:
        return lxml_html.fragments_fromstring(markup)
    except Exception:
        return [escape(markup)]
