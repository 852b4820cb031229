#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    # Settings come from the environment and the .env file at the project root, as for the WSGI
    # application and the worker: `make install` writes a development .env (DEBUG on).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diam.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
