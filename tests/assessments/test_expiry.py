"""manage.py send_expiry_notices: the leads hear of an expiring validation 90 and 30 days ahead,
once per validation and threshold."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from assessments.enums import AssessmentStatus, Role
from assessments.expiry import expiry_threshold
from assessments.models import Assessment, ValidationExpiryNotice
from tests.factories import AssessmentFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def base_url(settings: object) -> None:
    settings.DIAM_BASE_URL = "https://diam.example"  # type: ignore[attr-defined]


def run(day: str) -> str:
    out = StringIO()
    with freeze_time(f"{day} 06:00:00"):
        call_command("send_expiry_notices", stdout=out)
    return out.getvalue()


def validated(expires_at: date, organization: object = None, **kwargs: object) -> Assessment:
    return AssessmentFactory(
        organization=organization or OrganizationFactory(name="St. Example", slug="st-example"),
        title="DIAM 2023",
        status=AssessmentStatus.VALIDATED,
        validated_stage=4,
        validated_at=datetime(2023, 6, 1, tzinfo=UTC),
        expires_at=expires_at,
        **kwargs,
    )


def lead_of(assessment: Assessment, username: str = "lena", **kwargs: object) -> object:
    user = UserFactory(**{"username": username, "email": f"{username}@example.org", **kwargs})
    MembershipFactory(user=user, organization=assessment.organization, role=Role.LEAD)
    return user


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(91, None), (90, 90), (31, 90), (30, 30), (1, 30), (0, 30), (-1, None)],
)
def test_expiry_threshold(days_left: int, threshold: int | None) -> None:
    assert expiry_threshold(days_left=days_left) == threshold


def test_send_expiry_notices_90_days_before_exact_message() -> None:
    assessment = validated(date(2026, 8, 30))
    lead_of(assessment, first_name="Lena", last_name="Ott")
    MembershipFactory(organization=assessment.organization, role=Role.CONTRIBUTOR)

    output = run("2026-06-01")

    assert output == "1 expiry notice(s) sent.\n"
    [message] = mail.outbox
    assert message.to == ["lena@example.org"]
    assert message.subject == "The DIAM validation of St. Example expires in 90 days"
    assert message.body == (
        "Hello Lena Ott,\n"
        "\n"
        "The validated stage 4 of St. Example (assessment “DIAM 2023”) expires on"
        " Aug. 30, 2026.\n"
        "\n"
        "To keep a validated stage, start a new assessment and submit it for validation in"
        " time:\n"
        "https://diam.example/organizations/st-example/assessments/new/\n"
        "\n"
        "You receive this message as a lead of the organization.\n"
    )
    assert list(ValidationExpiryNotice.objects.values_list("days_before", "expires_at")) == [
        (90, date(2026, 8, 30))
    ]


def test_send_expiry_notices_daily_runs_send_each_threshold_once() -> None:
    lead_of(validated(date(2026, 8, 30)))

    outputs = [
        run(day)
        for day in [
            "2026-05-31",
            "2026-06-01",
            "2026-06-01",
            "2026-06-02",
            "2026-07-31",
            "2026-08-01",
            "2026-08-30",
            "2026-08-31",
        ]
    ]

    assert outputs == [
        "0 expiry notice(s) sent.\n",
        "1 expiry notice(s) sent.\n",
        "0 expiry notice(s) sent.\n",
        "0 expiry notice(s) sent.\n",
        "1 expiry notice(s) sent.\n",
        "0 expiry notice(s) sent.\n",
        "0 expiry notice(s) sent.\n",
        "0 expiry notice(s) sent.\n",
    ]
    assert [m.subject for m in mail.outbox] == [
        "The DIAM validation of St. Example expires in 90 days",
        "The DIAM validation of St. Example expires in 30 days",
    ]
    assert sorted(ValidationExpiryNotice.objects.values_list("days_before", flat=True)) == [30, 90]


def test_send_expiry_notices_a_missed_90_day_notice_sends_only_the_30_day_one() -> None:
    lead_of(validated(date(2026, 6, 21)))

    assert run("2026-06-01") == "1 expiry notice(s) sent.\n"
    assert [m.subject for m in mail.outbox] == [
        "The DIAM validation of St. Example expires in 20 days"
    ]
    assert list(ValidationExpiryNotice.objects.values_list("days_before", flat=True)) == [30]


def test_send_expiry_notices_every_active_lead_with_an_address() -> None:
    assessment = validated(date(2026, 8, 30))
    lead_of(assessment, "anna")
    lead_of(assessment, "bert")
    lead_of(assessment, "gone", is_active=False)
    lead_of(assessment, "mute", email="")

    assert run("2026-06-01") == "2 expiry notice(s) sent.\n"
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bert@example.org"]


def test_send_expiry_notices_not_for_a_validation_replaced_by_a_newer_one() -> None:
    old = validated(date(2026, 8, 30))
    lead_of(old)
    AssessmentFactory(
        organization=old.organization,
        status=AssessmentStatus.VALIDATED,
        validated_at=datetime(2025, 6, 1, tzinfo=UTC),
        expires_at=date(2028, 6, 1),
    )

    assert run("2026-06-01") == "0 expiry notice(s) sent.\n"
    assert mail.outbox == []


def test_send_expiry_notices_not_for_expired_or_draft_assessments() -> None:
    lead_of(validated(date(2026, 5, 31)))
    draft = AssessmentFactory(status=AssessmentStatus.DRAFT, expires_at=date(2026, 6, 10))
    lead_of(draft, "dora")

    assert run("2026-06-01") == "0 expiry notice(s) sent.\n"
    assert ValidationExpiryNotice.objects.count() == 0
