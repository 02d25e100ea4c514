"""When the database cannot be reached: a clear "back in a minute" page, never a bare 500.

Readers mostly never see it: the page cache hands out its last copy of a page when a render
fails (``roznama.cache.middleware``, "STALE").  What is left (a page never cached, the admin,
a form) gets a 503 with ``Retry-After``, in English and Urdu, rendered from a template that
needs nothing from the database (no site settings, no menus, no session), so that it shows
while the database is away.  Editors are told that their saved work is safe and that an
unsaved change should be kept open and saved again in a minute.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("roznama.outage")

# Errors that mean "the server is not there", as opposed to a query the code got wrong
# (ProgrammingError, IntegrityError), which stays a 500 to be fixed.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    """True when ``error``, or an error it was raised from, is a lost or refused connection."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OUTAGE_ERRORS):
            return True
        if isinstance(error, DatabaseError) and not isinstance(error, OUTAGE_ERRORS):
            return False
        error = error.__cause__ or error.__context__
    return False


def outage_response(request) -> HttpResponse:
    editor = request.path.startswith(("/admin/", "/django-admin/"))
    urdu = request.path == "/ur" or request.path.startswith("/ur/")
    html = render_to_string("core/outage.html", {"editor": editor, "urdu": urdu, "retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Not to be kept by any cache: the site is back as soon as the database is.
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    """The site's handler500: the outage page for a database that is away, Django's own
    500 page (templates/500.html when there is one) for anything else."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        logger.error("database unreachable while serving %s: %s", request.path, error)
        return outage_response(request)
    return defaults.server_error(request, *args, **kwargs)
