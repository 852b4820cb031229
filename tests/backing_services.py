"""Redis and S3 for tests, real servers on the loopback: Debian's redis-server in a process of its
own, and moto's S3 server (a real S3 API over HTTP) in a thread of the test process.

The test stack (DIAM_TEST_STACK=redis-s3, diam/settings_test.py) runs the whole suite against
them; the multi-process test starts its own.
"""

import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import Storage

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# moto accepts any credentials; boto3 needs some and a region.
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "diam-test",
    "AWS_SECRET_ACCESS_KEY": "diam-test-secret",
    "AWS_S3_REGION_NAME": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(port: int = 0, *, log: Path | None = None) -> Iterator[str]:
    """A fresh Redis that keeps nothing on disk; yields its URL."""
    import redis

    port = port or free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {process.returncode}") from None
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not answer")
        client.close()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def s3_client(endpoint: str):  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=S3_CREDENTIALS["AWS_S3_REGION_NAME"],
    )


@contextmanager
def s3_server(bucket: str, port: int = 0) -> Iterator[str]:
    """moto's S3 server with an empty `bucket`; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        host, bound = server.get_host_and_port()
        endpoint = f"http://{host}:{bound}"
        s3_client(endpoint).create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.stop()


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment that makes diam.settings store files in the bucket."""
    return {
        "DIAM_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        **S3_CREDENTIALS,
    }


def s3_names(endpoint: str, bucket: str, prefix: str = "") -> list[str]:
    """Every object name in the bucket under `prefix`, as S3 itself lists them."""
    pages = (
        s3_client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    )
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def stored_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file name the storage holds under `folder`, sorted, as the storage lists them."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the local disk: the folder is made by the first file saved
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += stored_names(storage, prefix + sub)
    return sorted(names)
