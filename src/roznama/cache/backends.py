"""A frontend cache backend for nginx's purge endpoint (ngx_cache_purge, Debian's
libnginx-mod-http-cache-purge): Wagtail's HTTP backend with one kept-alive connection per
batch, a timeout, and "not in the cache" (404) taken as done rather than logged as an error."""

from __future__ import annotations

import http.client
import logging
from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger("roznama.cache")


class NginxPurgeBackend(HTTPBackend):
    timeout = 5.0

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        connection = None
        try:
            for url in urls:
                parts = urlsplit(url)
                host = parts.hostname + (f":{parts.port}" if parts.port else "")
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                for attempt in (1, 2):
                    if connection is None:
                        connection_class = (
                            http.client.HTTPSConnection if self.cache_scheme == "https" else http.client.HTTPConnection
                        )
                        connection = connection_class(self.cache_netloc, timeout=self.timeout)
                    try:
                        connection.request("PURGE", target, headers={"Host": host, "User-Agent": "Roznama-purge"})
                        response = connection.getresponse()
                        response.read()
                        if response.status not in (200, 204, 404, 412):
                            logger.error("nginx refused to purge %s: %s %s", url, response.status, response.reason)
                        break
                    except (OSError, http.client.HTTPException) as error:
                        connection.close()
                        connection = None
                        if attempt == 2:
                            logger.error("could not purge %s from nginx: %s", url, error)
        finally:
            if connection is not None:
                connection.close()
