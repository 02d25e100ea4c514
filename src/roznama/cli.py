"""The ``roznama`` command: Django's management commands under one name.

``roznama demo``, ``roznama serve``, ``roznama worker``, ``roznama migrate`` ... are the
project's management commands; anything else Django knows works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roznama.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "roznama"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
