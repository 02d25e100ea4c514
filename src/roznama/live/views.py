"""The breaking line for every page's ticker (the live blog's own routes are its page's)."""

from __future__ import annotations

from django.http import JsonResponse

from . import services
from . import responses
from .responses import cache_for


def ticker(request):
    return cache_for(
        JsonResponse(services.ticker_payload()), responses.TICKER_BROWSER_SECONDS, responses.TICKER_SHARED_SECONDS
    )
