"""What a reader or an API client got wrong: one exception, and the page that answers it with a 400."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_cache_control


class BadInput(ValueError):
    """A parameter a reader or a client got wrong; the message says what and how to fix it,
    ``field`` names the parameter (None when no one parameter is at fault)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def bad_request_page(request, page, exc: BadInput):
    """The page itself, saying what was wrong; never cached (the next reader may ask rightly)."""
    response = render(request, "ramadan/bad_request.html", {"page": page, "message": str(exc)}, status=400)
    patch_cache_control(response, no_store=True)
    return response
