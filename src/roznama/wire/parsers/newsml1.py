"""NewsML 1.x (1.2 as AFP sends it): ``NewsML/NewsItem``, the story as NITF inside.

Identity: ``PublicIdentifier`` is ``urn:newsml:provider:date:id:revision``; the item id is
that URN without the revision, the version is ``RevisionId``. The story text is the NITF in
the text ``ContentItem``; photo ``ContentItem``s with an ``Href`` become ``media``.
"""

from __future__ import annotations

from ..datelines import dateline_from_field
from ..items import MediaItem, MissingField
from ..sanitize import collapse_whitespace
from .common import parse_datetime, parse_embargo, parse_int, parse_pub_status, split_versioned_id, subject_from_qcode
from .draft import Draft, make_rendition
from .markup import child, children, descendants, local_name, text_of
from .nitf import read_nitf

FORMAT = "newsml-1"


def _formal(element) -> str:
    return collapse_whitespace(element.get("FormalName")) if element is not None else ""


def _read_identification(item, draft: Draft) -> None:
    identifier = next(iter(descendants(item, "NewsIdentifier")), None)
    if identifier is None:
        return
    public = text_of(child(identifier, "PublicIdentifier"))
    provider = text_of(child(identifier, "ProviderId"))
    revision = child(identifier, "RevisionId")
    draft.version = parse_int(text_of(revision), draft.warnings, "RevisionId")
    if public:
        draft.item_id, version_in_id = split_versioned_id(public)
        draft.version = draft.version if draft.version is not None else version_in_id
    elif provider:
        draft.item_id = (
            f"urn:newsml:{provider}:{text_of(child(identifier, 'DateId'))}:{text_of(child(identifier, 'NewsItemId'))}"
        )
    if provider:
        draft.agency_names.append(provider)


def _read_management(management, draft: Draft) -> None:
    warnings = draft.warnings
    draft.first_created = parse_datetime(text_of(child(management, "FirstCreated")), warnings, "FirstCreated")
    draft.version_created = parse_datetime(
        text_of(child(management, "ThisRevisionCreated")), warnings, "ThisRevisionCreated"
    )
    draft.urgency = parse_int(_formal(child(management, "Urgency")), warnings, "Urgency")
    will_change = child(management, "StatusWillChange")
    if will_change is not None:
        draft.embargo = parse_embargo(text_of(child(will_change, "DateAndTime")), warnings)
    draft.pub_status = parse_pub_status(
        _formal(child(management, "Status")), warnings, has_embargo_time=draft.embargo is not None
    )
    for instruction in children(management, "Instruction"):
        draft.signals.append(_formal(instruction))


def _read_news_lines(lines, draft: Draft) -> None:
    draft.headline = text_of(child(lines, "HeadLine"))
    draft.standfirst = text_of(child(lines, "SubHeadLine"))
    draft.byline = text_of(child(lines, "ByLine"))
    draft.credit = text_of(child(lines, "CreditLine"))
    draft.copyright_notice = text_of(child(lines, "CopyrightLine"))
    draft.slugline = text_of(child(lines, "SlugLine"))
    draft.structured_dateline = dateline_from_field(text_of(child(lines, "DateLine")))
    for line in children(lines, "NewsLine"):
        kind = _formal(child(line, "NewsLineType"))
        draft.add_ednote(text_of(child(line, "NewsLineText")), role=kind)


def _read_metadata(component, draft: Draft) -> None:
    administrative = child(component, "AdministrativeMetadata")
    if administrative is not None:
        provider_element = child(administrative, "Provider")
        creator_element = child(administrative, "Creator")
        provider = descendants(provider_element, "Party")[:1] if provider_element is not None else []
        if provider:
            draft.agency_names.insert(0, _formal(provider[0]))
        creators = (
            [_formal(party) for party in descendants(creator_element, "Party")] if creator_element is not None else []
        )
        draft.byline = draft.byline or ", ".join(filter(None, creators))
    descriptive = child(component, "DescriptiveMetadata")
    if descriptive is None:
        return
    draft.language = _formal(child(descriptive, "Language"))
    for code in descendants(descriptive, "SubjectCode"):
        for subject in code:
            found = subject_from_qcode(f"subjectcode:{_formal(subject)}", "", "abstract") if _formal(subject) else None
            if found:
                draft.subjects.append(found)
    for prop in children(descriptive, "Property"):
        if prop.get("FormalName") == "Keyword" and not prop.get("Role"):
            draft.keywords.append(prop.get("Value") or "")


def _read_content(component, draft: Draft) -> None:
    for item in descendants(component, "ContentItem"):
        media_type = _formal(child(item, "MediaType")).lower()
        data = child(item, "DataContent")
        nitf = next((element for element in (data if data is not None else []) if local_name(element) == "nitf"), None)
        if nitf is not None and not draft.body_html:
            read_nitf(nitf, draft)
        elif media_type in {"photo", "graphic", "video"} and item.get("Href"):
            rendition = make_rendition(item.get("Href"), draft.warnings, name=media_type)
            if rendition:
                kind = "picture" if media_type == "photo" else media_type
                draft.media.append(MediaItem(kind=kind, renditions=(rendition,)))


def parse_newsml1(root) -> list[Draft]:
    """One draft per ``NewsItem``."""
    items = descendants(root, "NewsItem")
    if not items:
        raise MissingField("the NewsML document holds no NewsItem")
    drafts = []
    for item in items:
        draft = Draft(format=FORMAT)
        _read_identification(item, draft)
        management = child(item, "NewsManagement")
        if management is not None:
            _read_management(management, draft)
        component = child(item, "NewsComponent")
        if component is not None:
            lines = child(component, "NewsLines")
            if lines is not None:
                _read_news_lines(lines, draft)
            _read_metadata(component, draft)
            _read_content(component, draft)
        drafts.append(draft)
    return drafts
