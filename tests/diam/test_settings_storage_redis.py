"""Where files, the cache and sessions live, from the environment: the local disk and each
process's memory by default; DIAM_STORAGE=s3 an S3-compatible bucket, REDIS_URL a shared Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PRINT = """
import json
from django.conf import settings
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "sessions": settings.SESSION_ENGINE,
    "rq": getattr(settings, "RQ_QUEUES", {}).get("default", {}).get("URL", ""),
}))
"""
S3 = {
    "DIAM_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "diam-files",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    "AWS_S3_REGION_NAME": "eu-central-1",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


def settings_of(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The settings made from `env` alone (nothing of the test stack's nor of a .env)."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "DIAM_", "REDIS_", "TASKS_", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={
            **inherited,
            "DEBUG": "true",
            "DIAM_ENV_FILE": os.devnull,
            "DJANGO_SETTINGS_MODULE": "diam.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_json(env: dict[str, str]) -> dict[str, Any]:
    result = settings_of(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_default_local_disk_memory_cache_database_sessions() -> None:
    made = settings_json({})

    assert (made["storage"], made["cache"], made["sessions"]) == (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    )


def test_settings_s3_private_bucket_never_overwritten() -> None:
    made = settings_json(S3)

    options = made["storage"]["OPTIONS"]
    assert made["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {
        key: options[key]
        for key in (
            "bucket_name",
            "endpoint_url",
            "region_name",
            "access_key",
            "secret_key",
            "default_acl",
            "file_overwrite",
            "querystring_auth",
        )
    } == {
        "bucket_name": "diam-files",
        "endpoint_url": "https://objects.example.org",
        "region_name": "eu-central-1",
        "access_key": "key",
        "secret_key": "secret",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }


def test_settings_s3_without_bucket_refused() -> None:
    result = settings_of({**S3, "AWS_STORAGE_BUCKET_NAME": ""})

    assert result.returncode == 1
    assert "DIAM_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_settings_unknown_storage_refused() -> None:
    result = settings_of({"DIAM_STORAGE": "nfs"})

    assert result.returncode == 1
    assert "DIAM_STORAGE must be local or s3, got 'nfs'" in result.stderr


def test_settings_redis_url_shared_cache_cached_sessions_and_the_rq_queue() -> None:
    url = "redis://redis.internal:6379/2"

    made = settings_json({"REDIS_URL": url, "TASKS_BACKEND": "rq"})

    assert (made["cache"], made["cache_location"], made["sessions"], made["rq"]) == (
        "django.core.cache.backends.redis.RedisCache",
        url,
        "django.contrib.sessions.backends.cached_db",
        url,
    )
