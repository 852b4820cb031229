"""Prometheus metrics behind a token, JSON log lines with the request id, and error reports to
a Sentry-compatible server (a real HTTP server in the test receiving the SDK's envelopes)."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import brotli
import pytest
from django.test import Client, override_settings
from django.utils import timezone

from operations.heartbeat import heartbeat_record
from operations.logs import JsonFormatter, RequestIdFilter
from reports.enums import ExportJobKind, ExportJobStatus
from reports.models import ExportJob

ROOT = Path(__file__).resolve().parents[2]


def test_metrics_do_not_exist_without_a_token(client: Client) -> None:
    assert client.get("/metrics").status_code == 404


@override_settings(DIAM_METRICS_TOKEN="s3cret-scraper-token")
def test_metrics_refuse_a_missing_or_wrong_token(client: Client) -> None:
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


@pytest.mark.django_db
@override_settings(DIAM_METRICS_TOKEN="s3cret-scraper-token")
def test_metrics_report_queue_jobs_durations_heartbeat_and_latency(client: Client) -> None:
    now = timezone.now()
    kind = ExportJobKind.SCORECARDS_ZIP
    for seconds in (3, 40, 400):
        ExportJob.objects.create(
            kind=kind,
            status=ExportJobStatus.DONE,
            started_at=now - timedelta(seconds=seconds),
            finished_at=now,
        )
    ExportJob.objects.create(kind=kind, status=ExportJobStatus.QUEUED)
    heartbeat_record(now=now - timedelta(seconds=7), worker="host-a:1")
    client.get("/accounts/login/")  # one request for the latency histogram

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scraper-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    lines = set(text.splitlines())
    assert 'diam_export_jobs{status="done"} 3.0' in lines
    assert 'diam_export_jobs{status="queued"} 1.0' in lines
    assert 'diam_export_jobs{status="failed"} 0.0' in lines
    assert 'diam_export_job_duration_seconds_bucket{le="5.0"} 1.0' in lines
    assert 'diam_export_job_duration_seconds_bucket{le="60.0"} 2.0' in lines
    assert 'diam_export_job_duration_seconds_bucket{le="+Inf"} 3.0' in lines
    assert "diam_export_job_duration_seconds_count 3.0" in lines
    assert "diam_task_queue_depth 0.0" in lines
    age = next(line for line in lines if line.startswith("diam_worker_heartbeat_age_seconds "))
    assert 7 <= float(age.split()[1]) < 60
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'view="login"' in text


def test_every_response_carries_a_request_id(client: Client) -> None:
    generated = client.get("/healthz")
    assert len(generated["X-Request-ID"]) == 32
    passed_on = client.get("/healthz", HTTP_X_REQUEST_ID="lb-2f9c41d0-aa")
    assert passed_on["X-Request-ID"] == "lb-2f9c41d0-aa"
    # Not a request id (spaces, a header injection attempt): a new one is made.
    refused = client.get("/healthz", HTTP_X_REQUEST_ID="x y\r\nSet-Cookie: a=b")
    assert refused["X-Request-ID"] != "x y\r\nSet-Cookie: a=b"
    assert len(refused["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client: Client) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-0001-abcdef")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    entry = json.loads(stream.getvalue().splitlines()[0])
    assert {k: entry[k] for k in ("level", "logger", "message", "request_id", "status")} == {
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /no-such-page/",
        "request_id": "req-0001-abcdef",
        "status": 404,
    }
    record = logging.LogRecord("diam", logging.ERROR, __file__, 1, "boom %s", ("x",), None)
    record.request_id = "req-2"
    line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "request_id")} == {
        "level": "ERROR",
        "logger": "diam",
        "message": "boom x",
        "request_id": "req-2",
    }


class EnvelopeCollector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        EnvelopeCollector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def test_unhandled_errors_reach_the_sentry_server_with_the_request_id() -> None:
    server = HTTPServer(("127.0.0.1", 0), EnvelopeCollector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    script = "\n".join(
        [
            "import django, sentry_sdk",
            "django.setup()",
            "from django.test import Client",
            "from django.urls import path",
            "from diam import urls",
            "def boom(request):",
            "    raise ZeroDivisionError('the ward is on fire')",
            "urls.urlpatterns.append(path('boom/', boom))",
            "response = Client(raise_request_exception=False).get(",
            "    '/boom/', HTTP_X_REQUEST_ID='req-sentry-0042', HTTP_HOST='localhost')",
            "print(response.status_code)",
            "sentry_sdk.flush(timeout=10)",
        ]
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diam.settings",
        # DEBUG on: the 500 page of DEBUG off needs collected static files.
        "DEBUG": "true",
        "DATABASE_URL": "sqlite:///:memory:",
        "DIAM_ENV_FILE": os.devnull,
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert done.stdout.splitlines()[:1] == ["500"], done.stderr[-3000:]
    events = [body for body in EnvelopeCollector.received if b'"type":"event"' in body]
    assert events, EnvelopeCollector.received
    event = json.loads(events[0].splitlines()[-1])
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "ZeroDivisionError"
    assert exception["value"] == "the ward is on fire"
    assert event["tags"]["request_id"] == "req-sentry-0042"
    assert "user" not in event or "email" not in event.get("user", {})
