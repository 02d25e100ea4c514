"""The Content-Security-Policy: the reader's pages under a strict policy, the admin under its own.

Readers' pages run only the site's own script files (no inline script, no event-handler
attributes, no ``javascript:`` URLs) and may be framed by no one, except the Ramadan widget's
embed view, which outlets put in an iframe on their own sites.

The Wagtail and Django admins get a looser policy of their own: Wagtail 7's admin still writes
inline ``<script>`` for its date pickers, inline panels and form media, none of them with a
nonce, so a nonce-only policy would leave editors with a broken editor.  They are still limited
to the site's own origin for scripts, images, frames and connections, and the admin may be
framed only by itself (the live preview shows a page in an iframe of the editor).
"""

from __future__ import annotations

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def admin_directives() -> dict:
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives.update(
        {
            "script-src": [SELF, UNSAFE_INLINE],
            "style-src": [SELF, UNSAFE_INLINE],
            "frame-ancestors": [SELF],
        }
    )
    return directives


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for the admin's addresses."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = admin_directives()
        return parts


def embeddable(view):
    """Lets any site frame this view (the Ramadan widget), in CSP and in X-Frame-Options."""
    from csp.decorators import csp_replace
    from django.views.decorators.clickjacking import xframe_options_exempt

    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


__all__ = ["ADMIN_PREFIXES", "NONE", "PolicyMiddleware", "embeddable"]
