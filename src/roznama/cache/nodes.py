"""Several app nodes, each with its own nginx page cache: a purge must reach every one.

``ROZNAMA_FRONTEND_PURGE_URLS`` lists each node's purge endpoint; every publish, correction
or takedown then purges all of them (one backend per node in ``WAGTAILFRONTENDCACHE``,
all driven by ``roznama.cache.purge.purge_frontend``).  Read by the settings: no imports of
the app here.
"""

from __future__ import annotations

BACKEND = "roznama.cache.backends.NginxPurgeBackend"


def nginx_purge_backends(urls: str, hostnames: str = "") -> dict:
    """``WAGTAILFRONTENDCACHE`` entries for these comma-separated purge endpoints: the first
    is called ``nginx``, the others ``nginx-2``, ``nginx-3``, ..."""
    hosts = [h.strip() for h in hostnames.split(",") if h.strip()]
    backends = {}
    for number, url in enumerate(dict.fromkeys(u.strip() for u in urls.split(",") if u.strip()), start=1):
        backend = {"BACKEND": BACKEND, "LOCATION": url}
        if hosts:
            backend["HOSTNAMES"] = hosts
        backends["nginx" if number == 1 else f"nginx-{number}"] = backend
    return backends
