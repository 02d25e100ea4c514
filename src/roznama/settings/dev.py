"""The demo and local development: SQLite in ./var unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("ROZNAMA_DEBUG", "1")

from .base import *  # noqa: E402,F403
