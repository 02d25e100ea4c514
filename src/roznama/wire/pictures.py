"""An agency story's picture as the article's card image.

Before a story is stored, the first picture (or graphic) that comes with it is fetched over
http(s) with the wire's size and time limits (``fetching.http_get``), or read from beside the
item when a folder drop brings it there (never from outside that folder), checked to be an image
Pillow can read (of a format the site accepts, not absurdly large), and kept as a Wagtail
image whose title is the agency's caption and credit (the page shows it under the picture)
and whose description (alt text) is the caption.  The same picture sent again (a new version
of the story) is found by its hash, not stored twice.

A picture that cannot be had never costs the story: it is stored without one, the reason is
logged and given in the item's outcome.  Addresses on the server's own network are refused,
at every redirect, unless ``ROZNAMA_OUTBOUND_ALLOW`` lists them (agency URLs are not to reach
the machines behind the site): ``roznama.core.safe_http``.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from roznama import compat

from . import fetching
from .fetching import FetchError, http_get
from .items import MediaItem, Rendition, WireItem

logger = logging.getLogger(__name__)

PICTURE_KINDS = {"picture", "graphic"}
# Some agencies send originals of 40 megapixels: the largest rendition up to this width.
MAX_WIDTH = 3000
MAX_PIXELS = 60_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class PictureError(Exception):
    pass


@dataclass
class Picture:
    media: MediaItem
    rendition: Rendition


def choose(item: WireItem, folder: Path | None = None) -> Picture | None:
    """The story's first picture with a rendition that may be fetched (or read from
    ``folder``, the item's own), and which rendition."""
    for media in item.media:
        if media.kind not in PICTURE_KINDS:
            continue
        candidates = [
            r
            for r in media.renditions
            if (r.href or (folder is not None and r.local_path))
            and (not r.mime_type or r.mime_type.lower().startswith("image/"))
            and (r.size_bytes is None or r.size_bytes <= fetching.MAX_FETCH_BYTES)
        ]
        if not candidates:
            continue
        by_width = sorted(candidates, key=lambda r: r.width or 0)
        fitting = [r for r in by_width if (r.width or 0) <= MAX_WIDTH]
        return Picture(media, fitting[-1] if fitting else by_width[0])
    return None


def _check_image(data: bytes) -> tuple[str, int, int]:
    """The file extension and size of these bytes, if they are an image the site takes."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except Exception as exc:
        raise PictureError(f"not a readable image: {exc}") from exc
    if kind not in FORMATS or FORMATS[kind] not in settings.WAGTAILIMAGES_EXTENSIONS:
        raise PictureError(f"a {kind or 'unknown'} file, not a picture format the site takes")
    if width * height > MAX_PIXELS:
        raise PictureError(f"{width}×{height} pixels is too large")
    return FORMATS[kind], width, height


def _title(media: MediaItem, item: WireItem) -> str:
    caption = media.caption or media.headline or item.headline or "Agency picture"
    credit = media.credit or media.byline
    title = f"{caption} ({credit})" if credit and credit not in caption else caption
    return title if len(title) <= 255 else title[:254] + "…"


def _read_beside(folder: Path, relative: str) -> bytes:
    base = folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise PictureError(f"{relative} is outside the item's folder")
    if not path.is_file():
        raise PictureError(f"{relative} is not in the item's folder")
    if path.stat().st_size > fetching.MAX_FETCH_BYTES:
        raise PictureError(f"{relative} is over the {fetching.MAX_FETCH_BYTES}-byte limit")
    return path.read_bytes()


def fetch(item: WireItem, fetch_bytes=None, folder: Path | None = None):
    """The story's picture as a Wagtail image (found or stored), or None when it has none.
    Raises ``PictureError`` when it has one that cannot be had."""
    from wagtail.images import get_image_model

    picture = choose(item, folder)
    if picture is None:
        return None
    if not picture.rendition.href:
        data = _read_beside(folder, picture.rendition.local_path)
    else:
        url = picture.rendition.href
        try:
            data = (fetch_bytes or http_get)(url)
        except FetchError as exc:
            raise PictureError(str(exc)) from exc
    extension, width, height = _check_image(data)
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    Image = get_image_model()
    existing = Image.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing
    name = (picture.media.item_id or item.item_id).rsplit("/", 1)[-1].rsplit(":", 1)[-1][:60] or "picture"
    image = Image(title=_title(picture.media, item), description=(picture.media.caption or "")[:255])
    with transaction.atomic():
        image.file.save(f"wire-{name}.{extension}", ContentFile(data), save=False)
        image.width, image.height = width, height
        compat.set_image_file_metadata(image)
        image.save()
    return image


def fetch_or_note(item: WireItem, fetch_bytes=None, folder: Path | None = None):
    """``(image or None, note)``: the note says why a picture the story has was not stored."""
    try:
        return fetch(item, fetch_bytes, folder), ""
    except PictureError as exc:
        logger.warning("picture of %s %s not stored: %s", item.agency, item.item_id, exc)
        return None, f"picture not stored: {exc}"
    except Exception as exc:  # storage or a Pillow bug must not lose the story either
        logger.exception("picture of %s %s not stored", item.agency, item.item_id)
        return None, f"picture not stored: {exc!r}"
