"""``python -m miqat``: the same command line as ``miqat``."""

import sys

from miqat.cli import main

sys.exit(main())
