from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from uuid import uuid4

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import Storage, default_storage
from django.utils import translation
from pytest_django.fixtures import Settings

from assessments.sections import catalog_sections
from criteria.loader import catalog_load
from criteria.models import CatalogVersion
from tests.backing_services import redis_server, s3_server

# The servers of the test stack (DIAM_TEST_STACK=redis-s3, diam/settings_test.py), for the session.
_stack = ExitStack()


def pytest_configure(config: pytest.Config) -> None:
    if getattr(django_settings, "DIAM_TEST_STACK", ""):
        _stack.enter_context(
            s3_server(django_settings.TEST_S3_BUCKET, port=django_settings.TEST_S3_PORT)
        )
        _stack.enter_context(redis_server(django_settings.TEST_REDIS_PORT))


def pytest_unconfigure(config: pytest.Config) -> None:
    _stack.close()


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    """Every test starts and ends in the site's language: the test client runs requests in the
    test's thread, and LocaleMiddleware leaves the language of the last request active there (a
    German page would make the next test's messages German)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def catalog(db: None) -> CatalogVersion:
    """The real DIAM catalog, loaded from its fixture, with its sections in memory as after a
    server's first request (so that query counts are the same for every request of a test)."""
    catalog_load()
    catalog = CatalogVersion.objects.get(slug="diam")
    # In the site's language, whatever an earlier test's request left active in the thread: the
    # sections of another language would also read (and keep) that language's translations.
    with translation.override(django_settings.LANGUAGE_CODE):
        catalog_sections(catalog.pk, revision=catalog.revision)
    return catalog


@pytest.fixture
def media_storage(settings: Settings, tmp_path: Path) -> Iterator[Storage]:
    """An empty storage of the test's own, of the suite's kind: a temporary MEDIA_ROOT on the
    local disk, or a folder of its own in the S3 bucket (the test stack)."""
    if django_settings.DIAM_STORAGE == "s3":
        own = {**django_settings.STORAGES["default"]}
        own["OPTIONS"] = {**own["OPTIONS"], "location": f"tests/{uuid4().hex}"}
        settings.STORAGES = {**django_settings.STORAGES, "default": own}
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
    yield default_storage


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for tests that need one whatever the suite runs on: the test stack's, or one
    started for the session."""
    if getattr(django_settings, "DIAM_TEST_STACK", ""):
        yield django_settings.REDIS_URL
        return
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server with the bucket TEST_S3_BUCKET: the test stack's, or one started for the
    session."""
    if getattr(django_settings, "DIAM_TEST_STACK", ""):
        yield f"http://127.0.0.1:{django_settings.TEST_S3_PORT}"
        return
    with s3_server(django_settings.TEST_S3_BUCKET) as endpoint:
        yield endpoint
