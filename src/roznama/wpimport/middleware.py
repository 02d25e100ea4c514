"""WordPress's query-string links (``/?p=123``, ``/?page_id=4``, ``/?cat=7``...) answered
with the imported page's redirect.

Wagtail's redirects only step in when a page is not found, but ``/`` is always found (the
home page answers whatever the query string), so these links are looked up here, before the
page cache or the home page can answer them. Any other request passes untouched.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat")


class WordPressQueryLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.GET
            and any(key in request.GET for key in WORDPRESS_QUERY_KEYS)
        ):
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _redirect(self, request):
        from wagtail.contrib.redirects.middleware import get_redirect
        from wagtail.contrib.redirects.models import Redirect

        for key in WORDPRESS_QUERY_KEYS:
            value = request.GET.get(key, "")
            if value.isdigit():
                redirect = get_redirect(request, Redirect.normalise_path(f"/?{key}={value}", decode_unicode=False))
                if redirect is not None and redirect.link:
                    cls = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
                    return cls(redirect.link)
        return None
