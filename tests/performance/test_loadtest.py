"""The load test's runner, briefly: gunicorn, locust (3 users, a few seconds), the save check."""

import pytest

from performance.loadtest.installation import _slot
from performance.loadtest.runner import run

pytestmark = pytest.mark.concurrency

ENDPOINTS = {
    "log-in: form",
    "log-in",
    "section page",
    "autosave",
    "login page (baseline, not logged in)",
    "Aggregated",
}


def test_slot_key_names_criterion_and_area() -> None:
    assert (_slot("s-1_1-radiology"), _slot("s-2_2")) == (("1.1", "radiology"), ("2.2", None))


def test_loadtest_reports_every_endpoint_without_errors_and_every_save_stored() -> None:
    report = run(users=3, duration=6)

    assert set(report.endpoints) == ENDPOINTS
    assert (report.failures, report.errors) == (0, [])
    assert report.check["passed"] is True
    assert report.check["saves"] == report.endpoints["autosave"].requests
