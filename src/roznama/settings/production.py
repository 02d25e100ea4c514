"""Production: everything from the environment; refuses to start with the development key."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY

if SECRET_KEY.startswith("insecure-"):
    raise RuntimeError("Set ROZNAMA_SECRET_KEY in production.")

DEBUG = False
SESSION_COOKIE_SECURE = os.environ.get("ROZNAMA_HTTPS", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
