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
    assert report.check["saves"] == report.all_requests["autosave"]


def test_loadtest_steady_figures_leave_out_the_ramp_up_but_report_the_log_ins() -> None:
    report = run(users=3, duration=6)

    phases = {name: endpoint.phase for name, endpoint in report.endpoints.items()}
    steady_pages = report.endpoints["section page"].requests
    assert phases == {
        "log-in: form": "ramp-up",
        "log-in": "ramp-up",
        "section page": "steady",
        "autosave": "steady",
        "login page (baseline, not logged in)": "steady",
        "Aggregated": "steady",
    }
    assert report.endpoints["log-in"].requests == 3
    # Each contributor opened its page once while the others were still logging in.
    assert steady_pages + report.excluded["section page"] == report.all_requests["section page"]
    assert report.excluded["section page"] >= 3
