"""A database of the benchmarks' own: they never read or write the developer's database.

With SQLite (the default) it is a new file in a temporary folder; when DATABASE_URL names a
PostgreSQL server, a fresh database is created beside the configured one and dropped afterwards.
"""

import os
import secrets
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")


def is_postgres_url(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


def database_create(base_url: str, folder: Path) -> str:
    """A new, empty database of the kind `base_url` names; returns its URL."""
    if not is_postgres_url(base_url):
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    import psycopg

    name = f"diam_bench_{secrets.token_hex(4)}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlparse(base_url)._replace(path=f"/{name}").geturl()


def database_drop(base_url: str, url: str) -> None:
    if not is_postgres_url(url):
        return  # the file goes with its temporary folder
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_name(url: str) -> str:
    parsed = urllib.parse.urlparse(url)
    return parsed.path if parsed.scheme == "sqlite" else parsed.path.lstrip("/")


@contextmanager
def bench_database(*, keep: bool = False) -> Iterator[str]:
    """Point this process (and, through the environment, any process it starts) at a new
    database, migrated and with the catalog loaded; yields its URL. Uploaded and exported files
    go to a temporary MEDIA_ROOT. Everything is removed afterwards unless `keep`."""
    from criteria.loader import catalog_load

    base_url = os.environ.get("DATABASE_URL", "")
    folder = Path(tempfile.mkdtemp(prefix="diam-bench-"))
    url = database_create(base_url, folder)
    connection = connections["default"]
    before = {
        "name": connection.settings_dict["NAME"],
        "env": {key: os.environ.get(key) for key in ("DATABASE_URL", "MEDIA_ROOT")},
    }
    connection.close()
    connection.settings_dict["NAME"] = _database_name(url)
    settings.DATABASES["default"]["NAME"] = _database_name(url)
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    try:
        # override_settings, not an assignment: the file storage follows it. WhiteNoise wants
        # a STATIC_ROOT that exists (with DEBUG off); the benchmarks serve no static file.
        (folder / "static").mkdir()
        with override_settings(MEDIA_ROOT=folder / "media", STATIC_ROOT=folder / "static"):
            call_command("migrate", verbosity=0, interactive=False)
            catalog_load()
            yield url
    finally:
        connection.close()
        connection.settings_dict["NAME"] = before["name"]
        settings.DATABASES["default"]["NAME"] = before["name"]
        for key, value in before["env"].items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if not keep:
            database_drop(base_url, url)
            shutil.rmtree(folder, ignore_errors=True)
