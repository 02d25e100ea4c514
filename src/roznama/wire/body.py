"""Agency HTML (already sanitised) as the blocks of an article body."""

from __future__ import annotations

from lxml import html as lxml_html
from wagtail.rich_text import RichText


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
                blocks.append(("paragraph", RichText(lxml_html.tostring(fragment, encoding="unicode", with_tail=False))))
        elif tag in ("h2", "h3", "h4"):
            blocks.append(("subheading", fragment.text_content().strip()))
        elif tag == "blockquote":
            blocks.append(("quote", {"text": " ".join(fragment.text_content().split()), "attribution": ""}))
        else:
            blocks.append(("paragraph", RichText(lxml_html.tostring(fragment, encoding="unicode", with_tail=False))))
        tail = (fragment.tail or "").strip()
        if tail:
            loose_text.append(tail)
    if loose_text and not blocks:
        from django.utils.html import escape

        blocks.append(("paragraph", RichText(f"<p>{escape(' '.join(loose_text))}</p>")))
    return blocks
