"""IPTC NewsML-G2: ``newsItem`` and ``packageItem``, alone or inside a ``newsMessage``.

What a payload yields: one item per ``newsItem`` and one per ``packageItem``, in document
order. A package comes out with ``item_type="package"`` and its members' ids (in group order)
in ``members``; it has no body. When a package and its members travel in the same message
(as TT sends them), each text member also gets the picture and video members as ``media``,
so a story arrives with its pictures without the caller having to resolve the package.

Elements are matched by local name, so documents in the NewsML-G2 namespace, under any
prefix (Reuters writes ``ns0:``), and without a namespace (TT) all read the same.
"""

from __future__ import annotations

from ..datelines import dateline_from_newsml_g2
from ..items import MediaItem, MissingField, PubStatus
from ..sanitize import collapse_whitespace, text_to_html
from .common import parse_datetime, parse_embargo, parse_int, parse_pub_status, split_versioned_id, subject_from_qcode
from .draft import Draft, make_rendition
from .markup import body_to_html, child, children, descendants, local_name, readable_text, split_nonpublic, text_of
from .nitf import read_nitf

FORMAT = "newsml-g2"
ITEM_ELEMENTS = {"newsItem", "packageItem"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STANDFIRST_ROLES = {"", "summary", "teaser", "abstract", "lead", "synopsis", "description"}
_MEDIA_KINDS = {"picture", "photo", "video", "audio", "graphic"}


def _item_type(item) -> str:
    if local_name(item) == "packageItem":
        return "package"
    item_meta = child(item, "itemMeta")
    item_class = child(item_meta, "itemClass") if item_meta is not None else None
    qcode = (item_class.get("qcode") if item_class is not None else "") or ""
    kind = qcode.rsplit(":", 1)[-1].lower()
    return "picture" if kind == "photo" else (kind or "text")


def _name_in_language(element, language: str) -> str:
    """The ``name`` child in the item's language, else the first one, else the literal."""
    names = children(element, "name")
    for name in names:
        lang = (name.get(XML_LANG) or "").lower()
        if lang and language and lang.split("-")[0] == language.lower().split("-")[0]:
            return text_of(name)
    if names:
        return text_of(names[0])
    return collapse_whitespace(element.get("literal"))


def _read_rights(item, draft: Draft) -> None:
    rights = child(item, "rightsInfo")
    if rights is None:
        return
    holder = child(rights, "copyrightHolder")
    if holder is not None:
        draft.agency_names.extend(
            filter(None, [holder.get("literal"), text_of(child(holder, "name")), holder.get("uri")])
        )
    draft.copyright_notice = text_of(child(rights, "copyrightNotice"))
    draft.usage_terms = text_of(child(rights, "usageTerms"))


def _read_item_meta(item_meta, draft: Draft) -> None:
    warnings = draft.warnings
    provider = child(item_meta, "provider")
    if provider is not None:
        # The name first: for an agency we do not know, it is the most readable.
        names = [text_of(child(provider, "name")), provider.get("literal"), provider.get("qcode"), provider.get("uri")]
        # The provider is the strongest evidence of the agency: put it first.
        draft.agency_names[:0] = [name for name in names if name]
    draft.version_created = parse_datetime(text_of(child(item_meta, "versionCreated")), warnings, "versionCreated")
    draft.first_created = parse_datetime(text_of(child(item_meta, "firstCreated")), warnings, "firstCreated")
    embargoed = child(item_meta, "embargoed")
    if embargoed is not None:
        if text_of(embargoed):
            draft.embargo = parse_embargo(text_of(embargoed), warnings)
        else:
            # An empty <embargoed/> means "embargoed until further notice".
            warnings.append("embargoed without a time: held back until the agency sends a new version")
    pub_status = child(item_meta, "pubStatus")
    draft.pub_status = parse_pub_status(
        pub_status.get("qcode") or pub_status.get("literal") if pub_status is not None else None,
        warnings,
        has_embargo_time=draft.embargo is not None,
    )
    if embargoed is not None and not text_of(embargoed) and draft.pub_status is PubStatus.USABLE:
        draft.pub_status = PubStatus.WITHHELD
    draft.signals.extend(signal.get("qcode") or signal.get("literal") or "" for signal in children(item_meta, "signal"))
    for note in children(item_meta, "edNote"):
        role = note.get("role") or ""
        if "nonpublic" in (note.get("pubconstraint") or "").lower():
            draft.add_ednote(readable_text(note), role=role, confidential=True)
            continue
        public, nonpublic = split_nonpublic(note)
        draft.add_ednote(public, role=role)
        draft.add_ednote(nonpublic, role=role, confidential=True)
    title = text_of(child(item_meta, "title"))
    if title and not draft.headline:
        draft.headline = title


def _headline(content_meta) -> str:
    headlines = children(content_meta, "headline")
    if not headlines:
        return ""
    # dpa sends the kicker as a second headline with a lower rank (a higher number).
    ranked = sorted(enumerate(headlines), key=lambda pair: (parse_int(pair[1].get("rank")) or 1, pair[0]))
    return text_of(ranked[0][1])


def _read_content_meta(content_meta, draft: Draft) -> str:
    """Fill ``draft`` from ``contentMeta``; returns the caption (for pictures)."""
    warnings = draft.warnings
    draft.urgency = parse_int(text_of(child(content_meta, "urgency")), warnings, "urgency")
    language = child(content_meta, "language")
    if language is not None:
        draft.language = language.get("tag") or draft.language
    if draft.first_created is None:
        draft.first_created = parse_datetime(text_of(child(content_meta, "contentCreated")), warnings, "contentCreated")
    draft.headline = _headline(content_meta) or draft.headline
    draft.slugline = text_of(child(content_meta, "slugline"))
    draft.credit = text_of(child(content_meta, "creditline"))
    by = text_of(child(content_meta, "by"))
    creators = [_name_in_language(creator, "") for creator in children(content_meta, "creator")]
    draft.byline = by or ", ".join(filter(None, creators))
    caption = ""
    for description in children(content_meta, "description"):
        role = (description.get("role") or "").rsplit(":", 1)[-1].lower()
        if role == "caption":
            caption = caption or text_of(description)
        elif role in _STANDFIRST_ROLES and not draft.standfirst:
            draft.standfirst = text_of(description)
    for subject in children(content_meta, "subject"):
        found = subject_from_qcode(
            subject.get("qcode") or subject.get("literal") or "",
            _name_in_language(subject, draft.language) if children(subject, "name") else "",
            subject.get("type") or "",
        )
        if found:
            draft.subjects.append(found)
    draft.keywords.extend(text_of(keyword) for keyword in children(content_meta, "keyword"))
    draft.structured_dateline = dateline_from_newsml_g2(content_meta)
    return caption


def _read_inline_body(inline, draft: Draft) -> None:
    content = next((element for element in inline if isinstance(element.tag, str)), None)
    if content is None:
        if text_of(inline) and "html" not in (inline.get("contenttype") or ""):
            draft.body_html = text_to_html("".join(inline.itertext()))
        return
    if local_name(content) == "nitf":
        read_nitf(content, draft)
        return
    if local_name(content) == "html":
        content = child(content, "body") if child(content, "body") is not None else content
    html, media = body_to_html(content, draft.warnings, drop_text=(draft.headline, draft.standfirst))
    draft.body_html = html
    draft.media.extend(media)


def _read_content_set(content_set, draft: Draft) -> list:
    """Fill the body from ``inlineXML``/``inlineData``; returns the renditions of ``remoteContent``."""
    renditions = []
    for element in content_set:
        name = local_name(element)
        if name == "inlineXML" and not draft.body_html:
            _read_inline_body(element, draft)
        elif name == "inlineData" and not draft.body_html:
            draft.body_html = text_to_html("".join(element.itertext()))
        elif name == "remoteContent":
            rendition = make_rendition(
                element.get("href"),
                draft.warnings,
                name=(element.get("rendition") or "").rsplit(":", 1)[-1],
                width=element.get("width"),
                height=element.get("height"),
                mime_type=element.get("contenttype") or "",
                size_bytes=element.get("size"),
            )
            if rendition:
                renditions.append(rendition)
    return renditions


def _read_package(item, draft: Draft) -> None:
    for reference in descendants(item, "itemRef"):
        if reference.get("residref"):
            draft.members.append(reference.get("residref"))


def read_item(item) -> Draft:
    """One ``newsItem`` or ``packageItem`` as a draft."""
    draft = Draft(format=FORMAT, item_type=_item_type(item))
    guid, version_in_guid = split_versioned_id(item.get("guid") or "")
    draft.item_id = guid
    draft.version = parse_int(item.get("version"), draft.warnings, "version")
    if draft.version is None:
        draft.version = version_in_guid
    draft.language = item.get(XML_LANG) or ""
    _read_rights(item, draft)
    item_meta = child(item, "itemMeta")
    if item_meta is not None:
        _read_item_meta(item_meta, draft)
    content_meta = child(item, "contentMeta")
    caption = _read_content_meta(content_meta, draft) if content_meta is not None else ""
    content_set = child(item, "contentSet")
    renditions = _read_content_set(content_set, draft) if content_set is not None else []
    if draft.item_type == "package":
        _read_package(item, draft)
    if draft.item_type in _MEDIA_KINDS:
        draft.media.insert(
            0,
            MediaItem(
                kind=draft.item_type,
                item_id=draft.item_id,
                headline=draft.headline,
                caption=caption or draft.standfirst,
                credit=draft.credit,
                byline=draft.byline,
                usage_terms=draft.usage_terms,
                renditions=tuple(renditions),
            ),
        )
    return draft


def _attach_package_media(drafts: list[Draft]) -> None:
    by_id = {draft.item_id: draft for draft in drafts}
    for package in (draft for draft in drafts if draft.item_type == "package"):
        members = [by_id[member] for member in package.members if member in by_id]
        pictures = [media for member in members if member.item_type in _MEDIA_KINDS for media in member.media[:1]]
        for member in members:
            if member.item_type == "text":
                # The member item describes a picture more fully (all renditions) than the
                # inline <img> of the text's body, so it replaces that one.
                replacing = {media.item_id for media in pictures}
                member.media[:] = [media for media in member.media if media.item_id not in replacing] + pictures


def parse_newsml_g2(root) -> list[Draft]:
    """Drafts for every item in a ``newsMessage``, or for a single item."""
    if local_name(root) == "newsMessage":
        item_set = child(root, "itemSet")
        items = [
            element for element in (item_set if item_set is not None else []) if local_name(element) in ITEM_ELEMENTS
        ]
        if not items:
            raise MissingField("the newsMessage holds no newsItem or packageItem")
    else:
        items = [root]
    drafts = [read_item(item) for item in items]
    _attach_package_media(drafts)
    return drafts
