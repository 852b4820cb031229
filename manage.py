#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diam.settings")
    # Commands run on a developer's machine by default. The served application (diam/wsgi.py)
    # stays in production mode unless told otherwise; production environments set DEBUG=false
    # explicitly (see .env.example), which also makes SECRET_KEY and ALLOWED_HOSTS required here.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
