"""The test suite: PostgreSQL when DATABASE_URL names one (the README's test command starts its
own server), SQLite otherwise (the fast option)."""

import os
import tempfile

os.environ.setdefault("ROZNAMA_VAR_DIR", tempfile.mkdtemp(prefix="roznama-test-"))

from .base import *  # noqa: E402,F403
from .base import DATABASES, STORAGES  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The page cache would answer one test with another's page; its own tests switch it on.
ROZNAMA_PAGE_CACHE = False
# Likewise the page fragments (a rolled-back test leaves its fragments under a generation the
# next test would read): the tests of the pages that use them switch them on.
ROZNAMA_FRAGMENT_CACHE = False
# Plain static files: pages render without a collectstatic run; the tests of the built files
# collect them themselves.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Tasks run at once inside the test unless a test starts the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["ROZNAMA_VAR_DIR"], "test.sqlite3")}
