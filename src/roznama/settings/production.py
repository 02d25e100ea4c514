"""Production: everything from the environment; refuses to start with the development key."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY

if SECRET_KEY.startswith("insecure-"):
    raise RuntimeError("Set ROZNAMA_SECRET_KEY in production.")

DEBUG = False
# Behind the TLS-terminating proxy, which says so in X-Forwarded-Proto (and must overwrite any
# value a client sent).  ROZNAMA_HTTPS=0 only for a private plain-HTTP trial.
_HTTPS = os.environ.get("ROZNAMA_HTTPS", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS
# Strict-Transport-Security: a year, subdomains included.  Preload (the browsers' built-in
# list, hard to leave) only when the outlet has decided: ROZNAMA_HSTS_PRELOAD=1.
SECURE_HSTS_SECONDS = int(os.environ.get("ROZNAMA_HSTS_SECONDS", "31536000")) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("ROZNAMA_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("ROZNAMA_HSTS_PRELOAD", "") == "1"
if _HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405
if not SECURE_HSTS_PRELOAD:
    # Django warns whenever preload is off; here it is off on purpose until the switch is on.
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
