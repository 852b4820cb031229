"""/readyz logs an outage without a flood: WARNING when it starts or its failing checks change,
then once a minute at most per process; ERROR once it has lasted five minutes; INFO when ready
again. Never Django's ERROR line per 503."""

import logging

import pytest
from django.test import Client
from django.utils import timezone

from operations import unavailability
from operations.checks import CheckResult
from operations.heartbeat import heartbeat_record
from operations.unavailability import UnavailabilityLog

OK = CheckResult("database", True, "sqlite", 1.0)
NO_WORKER = CheckResult("worker", False, "RuntimeError: no worker has ever reported", 1.0)
NO_CACHE = CheckResult("cache", False, "ConnectionError: refused", 1.0)


def lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name in {"operations.readiness", "django.request"}
    ]


def test_unavailability_logged_once_per_minute_while_it_lasts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = UnavailabilityLog()
    caplog.set_level(logging.INFO)

    for second in range(0, 121):  # a probe every second for two minutes
        log.record([OK, NO_WORKER], now=1000.0 + second)

    assert lines(caplog) == [
        (
            "WARNING",
            "Not ready for 0 s (1 unavailable answer(s) since the last line): "
            "worker: RuntimeError: no worker has ever reported",
        ),
        (
            "WARNING",
            "Not ready for 60 s (60 unavailable answer(s) since the last line): "
            "worker: RuntimeError: no worker has ever reported",
        ),
        (
            "WARNING",
            "Not ready for 120 s (60 unavailable answer(s) since the last line): "
            "worker: RuntimeError: no worker has ever reported",
        ),
    ]


def test_unavailability_change_of_failing_checks_logged_at_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = UnavailabilityLog()
    caplog.set_level(logging.INFO)

    log.record([NO_WORKER], now=0.0)
    log.record([NO_WORKER], now=5.0)
    log.record([NO_WORKER, NO_CACHE], now=10.0)

    assert lines(caplog) == [
        (
            "WARNING",
            "Not ready for 0 s (1 unavailable answer(s) since the last line): "
            "worker: RuntimeError: no worker has ever reported",
        ),
        (
            "WARNING",
            "Not ready for 10 s (2 unavailable answer(s) since the last line): "
            "worker: RuntimeError: no worker has ever reported; cache: ConnectionError: refused",
        ),
    ]


def test_unavailability_error_after_five_minutes_then_ready_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = UnavailabilityLog()
    caplog.set_level(logging.INFO)

    log.record([NO_CACHE], now=0.0)
    log.record([NO_CACHE], now=299.0)  # the minute since the first line is over: WARNING
    log.record([NO_CACHE], now=300.0)  # five minutes: ERROR at once, not a minute later
    log.record([NO_CACHE], now=330.0)
    log.record([OK], now=331.0)
    log.record([NO_CACHE], now=400.0)  # a new outage starts with a WARNING

    assert [level for level, _message in lines(caplog)] == [
        "WARNING",
        "WARNING",
        "ERROR",
        "INFO",
        "WARNING",
    ]
    assert lines(caplog)[2:5] == [
        (
            "ERROR",
            "Not ready for 300 s (1 unavailable answer(s) since the last line): "
            "cache: ConnectionError: refused",
        ),
        ("INFO", "Ready again after 331 s not ready"),
        (
            "WARNING",
            "Not ready for 0 s (1 unavailable answer(s) since the last line): "
            "cache: ConnectionError: refused",
        ),
    ]


def test_ready_answers_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    log = UnavailabilityLog()
    caplog.set_level(logging.INFO)

    log.record([OK], now=0.0)
    log.record([OK], now=1.0)

    assert lines(caplog) == []


@pytest.mark.django_db
def test_readyz_probes_log_one_warning_and_no_django_error(
    client: Client, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unavailability, "unavailability_log", UnavailabilityLog())
    caplog.set_level(logging.INFO)

    statuses = [client.get("/readyz").status_code for _ in range(3)]
    heartbeat_record(now=timezone.now(), worker="host-a:1")
    statuses.append(client.get("/readyz").status_code)

    assert statuses == [503, 503, 503, 200]
    assert [level for level, _message in lines(caplog)] == ["WARNING", "INFO"]
    assert lines(caplog)[0] == (
        "WARNING",
        "Not ready for 0 s (1 unavailable answer(s) since the last line): "
        "worker: RuntimeError: no worker has ever reported",
    )
