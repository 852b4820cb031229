"""The settings of the load test's gunicorn: the application's settings as `DEBUG=true` makes them
for plain HTTP on 127.0.0.1 (cookies without the Secure flag, no HTTPS redirect, no HSTS, static
files without a manifest, the development secret key, the local hosts allowed), then DEBUG off, as
in production: no query log kept behind every query, no debug pages.

The runner sets DJANGO_SETTINGS_MODULE to this module for gunicorn only."""

from diam.settings import *  # noqa: F403

DEBUG = False
