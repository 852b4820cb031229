"""Test settings: the normal settings with DEBUG on and fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from diam.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# WhiteNoise warns (an error in tests) when STATIC_ROOT does not exist; uploads go to a temp dir.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="diam-test-media-"))

# Background jobs run synchronously inside the request that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Scorecards rendered in the test process: a pool's processes could not see the test database
# (tests/reports/test_worker.py runs real workers with a pool).
DIAM_RENDER_PROCESSES = 1
