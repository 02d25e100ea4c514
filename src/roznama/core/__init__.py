"""Site-wide pieces: settings editors change, the worker and its schedule, page chrome."""
