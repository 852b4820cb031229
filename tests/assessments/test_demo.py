"""`create_demo_data` (for `make run`): idempotent, a user per role, a partly answered draft,
peers and past years for the charts."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from assessments.access import ASSESSORS_GROUP
from assessments.models import Assessment, AssessmentResult, Membership, Organization
from benchmarks.programme.selectors import programme_overview
from benchmarks.selectors import benchmark_position_map


@override_settings(DEBUG=True)
def test_create_demo_data_twice_prints_logins_and_keeps_one_copy(catalog) -> None:  # type: ignore[no-untyped-def]
    first, second = StringIO(), StringIO()

    call_command("create_demo_data", stdout=first)
    call_command("create_demo_data", stdout=second)

    lines = first.getvalue().splitlines()
    assert lines[:2] == [
        "Demo organization: Demo Hospital",
        "Demo logins (role, username, password):",
    ]
    assert [line.split() for line in lines[2:6]] == [
        ["contributor", "demo-contributor", "diam-demo-2026"],
        ["lead", "demo-lead", "diam-demo-2026"],
        ["assessor", "demo-assessor", "diam-demo-2026"],
        ["admin", "demo-admin", "diam-demo-2026"],
    ]
    assert second.getvalue() == first.getvalue()
    draft = Assessment.objects.get(title="DIAM self-assessment 2026")
    assert (draft.status, draft.areas.count(), draft.answers.count()) == ("draft", 4, 14)
    assert sorted(
        Membership.objects.filter(organization__name="Demo Hospital").values_list(
            "user__username", "role"
        )
    ) == [
        ("demo-contributor", "contributor"),
        ("demo-lead", "lead"),
    ]


@override_settings(DEBUG=True)
def test_create_demo_data_makes_peers_with_three_years_for_the_charts(catalog) -> None:  # type: ignore[no-untyped-def]
    call_command("create_demo_data", stdout=StringIO())
    call_command("create_demo_data", stdout=StringIO())

    assert (
        Organization.objects.count(),
        Organization.objects.values("country").distinct().count(),
        Organization.objects.values("kind").distinct().count(),
        Assessment.objects.count(),
        AssessmentResult.objects.count(),
        Membership.objects.filter(role="lead").count(),
    ) == (40, 12, 3, 111, 215, 40)
    assert Counter(Assessment.objects.values_list("status", flat=True)) == {
        "validated": 105,
        "in_review": 4,
        "submitted": 1,
        "draft": 1,
    }
    assert sorted(
        Counter(
            AssessmentResult.objects.filter(kind="validated").values_list("stage", flat=True)
        ).items()
    ) == [(0, 4), (1, 14), (2, 21), (3, 22), (4, 24), (5, 16), (6, 3), (7, 1)]
    hospital = Assessment.objects.filter(organization__name="Demo Hospital", status="validated")
    assert sorted(hospital.values_list("validated_stage", flat=True)) == [2, 3, 4]
    today = timezone.localdate()
    overview = programme_overview(today=today)
    assert (overview.organizations_validated, len(overview.expiring)) == (40, 5)
    assert [(a.name, a.open_reviews, a.decisions) for a in overview.assessors] == [
        ("Sam Reviewer", 3, 51),
        ("Assessor", 2, 54),
    ]
    position = benchmark_position_map(
        organizations=[Organization.objects.get(name="Demo Hospital")], today=today
    )
    assert [(p.stage, p.peers, p.country, p.percent_above) for p in position.values()] == [
        (4, 8, "Germany", 50)
    ]


@override_settings(DEBUG=True)
def test_demo_users_can_log_in_with_their_roles(catalog) -> None:  # type: ignore[no-untyped-def]
    call_command("create_demo_data", stdout=StringIO())

    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="demo-admin", password="diam-demo-2026")
    assessor = authenticate(request, username="demo-assessor", password="diam-demo-2026")

    assert admin is not None and admin.is_superuser and admin.is_staff
    assert assessor is not None and assessor.groups.filter(name=ASSESSORS_GROUP).exists()


def test_create_demo_data_is_refused_without_debug(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Demo data is for development only"):
        call_command("create_demo_data", stdout=StringIO())
