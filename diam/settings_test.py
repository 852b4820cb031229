"""Test settings: the normal settings with DEBUG on and fast password hashing.

DIAM_TEST_STACK=redis-s3 runs the suite on Redis and S3: stored files go to a bucket and the cache
and sessions to Redis, both real servers on the loopback that tests/conftest.py starts for the
session (moto's S3 server and a redis-server) on the ports chosen here. They are chosen in the
environment, before the normal settings read it, so that the settings are made exactly as in
production and the processes that tests start use the same servers.
"""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "true")

DIAM_TEST_STACK = os.environ.get("DIAM_TEST_STACK", "")
if DIAM_TEST_STACK not in {"", "redis-s3"}:
    raise ImproperlyConfigured(
        f"DIAM_TEST_STACK must be redis-s3 or unset, got {DIAM_TEST_STACK!r}"
    )
TEST_S3_BUCKET = "diam-test"
if DIAM_TEST_STACK:
    from tests.backing_services import free_port, s3_environment

    TEST_S3_PORT = int(os.environ.setdefault("DIAM_TEST_S3_PORT", str(free_port())))
    TEST_REDIS_PORT = int(os.environ.setdefault("DIAM_TEST_REDIS_PORT", str(free_port())))
    os.environ.update(s3_environment(f"http://127.0.0.1:{TEST_S3_PORT}", TEST_S3_BUCKET))
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{TEST_REDIS_PORT}/0"

from diam.settings import *  # noqa: E402, F403

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
if DIAM_TEST_STACK:
    # Sessions in the database, as without Redis: the query-count tests count the session's
    # query, which cached_db answers from Redis. Sessions cached in Redis and shared by several
    # processes are tested by tests/multiprocess/.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
