"""Agency HTML (already sanitised) as the blocks of an article body."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from wagtail.rich_text import RichText

# HTML writes a line break as <br>; Wagtail stores it as <br/>, and its editor cannot open a
# paragraph holding the other form ("Unmatched tags: expected br, got p").
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _rich_text(fragment) -> RichText:
    """A paragraph block's value as Wagtail stores rich text."""
    return RichText(_LINE_BREAK.sub("<br/>", lxml_html.tostring(fragment, encoding="unicode", with_tail=False)))


def html_to_blocks(body_html: str) -> list[tuple[str, object]]:
    """Paragraphs, sub-headings and quotes become their own blocks; lists and tables stay
    inside a paragraph block so that nothing the agency sent is dropped."""
    if not body_html.strip():
        return []
    fragments = lxml_html.fragments_fromstring(body_html)
    blocks: list[tuple[str, object]] = []
    loose_text = []
    for fragment in fragments:
        if isinstance(fragment, str):
            if fragment.strip():
                loose_text.append(fragment.strip())
            continue
        tag = fragment.tag
        if tag == "p":
            if fragment.text_content().strip():
                blocks.append(("paragraph", _rich_text(fragment)))
        elif tag in ("h2", "h3", "h4"):
            blocks.append(("subheading", fragment.text_content().strip()))
        elif tag == "blockquote":
            blocks.append(("quote", {"text": " ".join(fragment.text_content().split()), "attribution": ""}))
        else:
            blocks.append(("paragraph", _rich_text(fragment)))
        tail = (fragment.tail or "").strip()
        if tail:
            loose_text.append(tail)
    if loose_text and not blocks:
        from django.utils.html import escape

        blocks.append(("paragraph", RichText(f"<p>{escape(' '.join(loose_text))}</p>")))
    return blocks
