"""Media files for the demo and local development, with HTTP byte ranges.

Django's own ``static.serve`` answers every request with the whole file, so a browser cannot
seek in a video it has not downloaded yet. In production nginx serves /media/ (see deploy/);
this view is what the development server uses instead.
"""

from __future__ import annotations

import mimetypes
import os
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.urls import re_path
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.static import was_modified_since

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes of a single ``Range: bytes=...`` request against a file of
    ``size`` bytes; None when it cannot be satisfied. Raises ValueError when the header is not
    one range in bytes (the caller then sends the whole file, as RFC 9110 allows)."""
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        raise ValueError(header)
    first, last = match.groups()
    if first == "":  # "bytes=-500": the last 500 bytes
        length = int(last)
        if length == 0 or size == 0:
            return None
        return max(size - length, 0), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or start > end:
        return None
    return start, end


class RangeFileWrapper:
    """Yields bytes ``first`` to ``last`` of an open file, in blocks."""

    block = 64 * 1024

    def __init__(self, handle, first: int, last: int):
        self.handle, self.remaining = handle, last - first + 1
        handle.seek(first)

    def __iter__(self):
        try:
            while self.remaining > 0:
                data = self.handle.read(min(self.block, self.remaining))
                if not data:
                    break
                self.remaining -= len(data)
                yield data
        finally:
            self.handle.close()


def serve_media(request, path: str, document_root: str | os.PathLike | None = None):
    root = Path(document_root or settings.MEDIA_ROOT)
    try:
        full = Path(safe_join(root, path))
    except Exception:  # a path climbing out of the media folder
        raise Http404("No such file")
    if not full.is_file():
        raise Http404("No such file")
    stat = full.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    size = stat.st_size
    header = request.META.get("HTTP_RANGE", "")
    wanted = None
    if header:
        try:
            wanted = parse_range(header, size)
        except ValueError:
            header = ""  # not a range we understand: the whole file
        else:
            if wanted is None:
                response = HttpResponse(status=416)
                response["Content-Range"] = f"bytes */{size}"
                response["Accept-Ranges"] = "bytes"
                return response
    if wanted:
        first, last = wanted
        response = FileResponse(RangeFileWrapper(full.open("rb"), first, last), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response


def media_urlpatterns():
    """The /media/ route for the development server (nginx serves it in production)."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{re.escape(prefix)}(?P<path>.*)$", serve_media)]
