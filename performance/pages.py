"""Benchmarks of pages through the test client (no network, the whole middleware stack):
the section page, an autosave that saves, and the admin change form of an assessment."""

import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from assessments.models import Answer, Assessment
from performance import baseline
from performance.data import bench_assessments
from performance.measure import Figure, at_most, median_seconds, paired_medians

AUTOSAVE_STATUSES = ("met", "partial", "not_met")
SLOT = "s-1_1-radiology"  # criterion 1.1, per area, in the Stage 1 section
INPUT = re.compile(rb"<(input|select|textarea)\b(?![^>]*type=\"hidden\")", re.IGNORECASE)


def bench_stack() -> Any:
    """The application's settings with the baseline's URL switch added (for page and baseline)."""
    return override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, "performance.baseline.BaselineUrlconf"],
        ALLOWED_HOSTS=["testserver"],
    )


def count_queries(func: Any) -> tuple[int, Any]:
    # A full query log (DEBUG keeps the last 9000) would make the capture count nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        result = func()
    return len(queries), result


def ok_response(response: HttpResponse) -> HttpResponse:
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:500]!r}")
    return response


def section_page_figures(*, repeat: int = 30) -> Iterator[Figure]:
    """The Stage 1 page of an assessment with the 15 areas active, every answer given, against
    the same URL served by the baseline view (log-in, `assessment_access`, ready HTML of the
    page's size)."""
    data = bench_assessments(count=1, label="section-bench", validated=False, seed=7)
    url = reverse("assessment_section", args=[data.assessments[0].pk, "stage-1"])
    client = Client()
    client.force_login(data.lead)
    with bench_stack():
        page = ok_response(client.get(url))
        baseline.READY_HTML["section"] = page.content
        plain = ok_response(client.get(url, headers={baseline.HEADER: "1"}))
        assert len(plain.content) == len(page.content)
        query_count, _page = count_queries(lambda: client.get(url))
        seconds, base = paired_medians(
            lambda: client.get(url),
            lambda: client.get(url, headers={baseline.HEADER: "1"}),
            repeat=repeat,
        )
    size = len(page.content) / 1024
    yield Figure(f"section page (Stage 1, 15 areas, {size:,.0f} KiB): queries", query_count, "")
    yield at_most("section page: median server time", seconds * 1000, "ms", 15)
    yield Figure("section page: baseline (log-in, access check, same HTML)", base * 1000, "ms")
    yield at_most("section page: ratio page / baseline", seconds / base, "x", 5)


def autosave_figures(*, repeat: int = 30) -> Iterator[Figure]:
    """An autosave that saves: each request changes the status of one answer (a new version,
    a history row), as a contributor's click does."""
    data = bench_assessments(count=1, label="autosave-bench", validated=False, seed=8)
    assessment = data.assessments[0]
    url = reverse("assessment_autosave", args=[assessment.pk, "stage-1"])
    answer = Answer.objects.get(
        assessment=assessment, criterion__code="1.1", service_area__code="radiology"
    )
    state: dict[str, Any] = {"status": answer.status, "version": answer.version}
    client = Client()
    client.force_login(data.lead)

    def save() -> HttpResponse:
        current = state["status"]
        status = (
            AUTOSAVE_STATUSES[(AUTOSAVE_STATUSES.index(current) + 1) % 3]
            if current in AUTOSAVE_STATUSES
            else AUTOSAVE_STATUSES[0]
        )
        response = ok_response(
            client.post(
                url,
                {
                    "slot": SLOT,
                    f"{SLOT}-status": status,
                    f"{SLOT}-comment": answer.comment,
                    f"{SLOT}-initial_status": state["status"],
                    f"{SLOT}-initial_comment": answer.comment,
                    f"{SLOT}-version": str(state["version"]),
                },
                headers={"HX-Request": "true"},
            )
        )
        state["status"] = status
        state["version"] += 1
        return response

    with bench_stack():
        save()  # warm-up
        query_count, _response = count_queries(save)
        seconds = median_seconds(save, repeat=repeat)
    saved = Answer.objects.get(pk=answer.pk)
    if (saved.version, saved.status) != (state["version"], state["status"]):
        raise RuntimeError(f"autosave did not save: {saved.version} != {state['version']}")
    yield at_most("autosave that saves: median server time", seconds * 1000, "ms", 10)
    yield at_most("autosave that saves: queries", query_count, "queries", 12)
    yield Figure("autosave: versions saved in this run, all in the database", saved.version - 1, "")


def bench_superuser() -> Any:
    users = get_user_model().objects
    user = users.filter(username="bench-admin").first()
    return user or users.create_superuser("bench-admin", "bench-admin@example.org", None)


def admin_change_form(client: Client, assessment: Assessment) -> HttpResponse:
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    return ok_response(client.get(url))


def admin_change_form_figures(*, repeat: int = 15) -> Iterator[Figure]:
    """The admin change form of an assessment with 15 areas (answers as read-only inlines)
    against the admin change form of a User (the baseline: a change form of about as many
    inputs, without inlines)."""
    data = bench_assessments(count=1, label="admin-bench", validated=True, seed=9)
    admin = bench_superuser()
    client = Client()
    client.force_login(admin)
    user_url = reverse("admin:auth_user_change", args=[data.lead.pk])
    with bench_stack():
        form = admin_change_form(client, data.assessments[0])
        user_form = ok_response(client.get(user_url))
        seconds, base = paired_medians(
            lambda: admin_change_form(client, data.assessments[0]),
            lambda: client.get(user_url),
            repeat=repeat,
        )
    inputs = len(INPUT.findall(form.content))
    user_inputs = len(INPUT.findall(user_form.content))
    yield Figure(
        f"admin change form, assessment (15 areas, {inputs} inputs): median",
        seconds * 1000,
        "ms",
    )
    yield Figure(
        f"admin change form, User ({user_inputs} inputs; baseline): median", base * 1000, "ms"
    )
    yield Figure("admin change form: ratio assessment / User", seconds / base, "x")
