"""WSGI entry point (gunicorn diam.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diam.settings")

application = get_wsgi_application()
