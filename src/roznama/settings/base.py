"""The settings every environment starts from: the site's own (common.py), then the shared
engines switched on by the environment (infrastructure.py: caches, purging, a read replica,
S3 media).  Two modules, one way: infrastructure reads what common sets, never the reverse."""

from .common import *  # noqa: F401,F403
from .infrastructure import *  # noqa: F401,F403
