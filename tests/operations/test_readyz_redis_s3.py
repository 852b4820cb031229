"""/readyz on Redis and S3: the cache and the storage checked on real servers (a redis-server,
moto's S3 API), the RQ workers counted in Redis, and each of them down."""

import json
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from botocore.config import Config
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from rq import Worker

from operations.heartbeat import heartbeat_record
from tests.backing_services import S3_CREDENTIALS, s3_names

pytestmark = pytest.mark.django_db


def s3_storages(endpoint: str, **options: Any) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": settings.TEST_S3_BUCKET,
                "endpoint_url": endpoint,
                "access_key": S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                "secret_key": S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                "region_name": S3_CREDENTIALS["AWS_S3_REGION_NAME"],
                "location": f"readyz-tests/{uuid4().hex}",
                **options,
            },
        },
        "staticfiles": settings.STORAGES["staticfiles"],
    }


def redis_caches(url: str) -> dict[str, Any]:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def rq_queues(url: str) -> dict[str, Any]:
    return {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}


def readyz() -> tuple[int, dict[str, Any]]:
    response = Client().get("/readyz")
    return response.status_code, json.loads(response.content)


def details(body: dict[str, Any]) -> dict[str, tuple[bool, str]]:
    return {name: (check["ok"], check["detail"]) for name, check in body["checks"].items()}


@pytest.fixture
def on_redis_and_s3(redis_url: str, s3_endpoint: str) -> Iterator[None]:
    heartbeat_record(now=timezone.now(), worker="host-a:1")
    with override_settings(STORAGES=s3_storages(s3_endpoint), CACHES=redis_caches(redis_url)):
        yield


@pytest.mark.usefixtures("on_redis_and_s3")
def test_readyz_ready_on_redis_and_s3_and_leaves_no_file(s3_endpoint: str) -> None:
    status, body = readyz()

    assert (status, details(body)["cache"], details(body)["storage"]) == (
        200,
        (True, "RedisCache"),
        (True, "S3Storage"),
    )
    location = settings.STORAGES["default"]["OPTIONS"]["location"]
    assert s3_names(s3_endpoint, settings.TEST_S3_BUCKET, location) == []


@pytest.mark.usefixtures("on_redis_and_s3")
def test_readyz_rq_counts_the_workers_registered_in_redis(redis_url: str) -> None:
    import redis

    connection = redis.Redis.from_url(redis_url)
    worker = Worker(["default"], connection=connection, name=f"readyz-{uuid4().hex}")
    with override_settings(TASKS_BACKEND="rq", RQ_QUEUES=rq_queues(redis_url)):
        before = readyz()
        worker.register_birth()
        try:
            during = readyz()
        finally:
            worker.register_death()
    connection.close()

    assert (before[0], details(before[1])["worker"]) == (
        503,
        (False, "RuntimeError: no RQ worker is registered"),
    )
    assert (during[0], details(during[1])["worker"]) == (200, (True, "1 RQ worker(s)"))


@pytest.mark.usefixtures("on_redis_and_s3")
def test_readyz_unavailable_when_redis_is_down() -> None:
    refused = "redis://127.0.0.1:1/0"  # nothing listens on port 1 of the loopback
    with override_settings(
        CACHES=redis_caches(refused), TASKS_BACKEND="rq", RQ_QUEUES=rq_queues(refused)
    ):
        status, body = readyz()

    failed = sorted(name for name, (ok, _detail) in details(body).items() if not ok)
    assert (status, failed) == (503, ["cache", "worker"])
    assert "ConnectionError" in details(body)["cache"][1]


@pytest.mark.usefixtures("on_redis_and_s3")
def test_readyz_unavailable_when_the_object_store_is_down() -> None:
    # Port 1 refuses at once; one attempt, not boto3's retries with their back-off.
    down = s3_storages("http://127.0.0.1:1", client_config=Config(retries={"max_attempts": 1}))
    with override_settings(STORAGES=down):
        status, body = readyz()

    failed = [name for name, (ok, _detail) in details(body).items() if not ok]
    assert (status, failed) == (503, ["storage"])
    assert "EndpointConnectionError" in details(body)["storage"][1]
