"""The Submit page: who may submit, the missing answers, the confirmation, and read-only after."""

from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, AssessmentArea
from criteria.enums import Scope
from criteria.models import Criterion
from tests.factories import AnswerFactory, MembershipFactory, UserFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
AREAS = ["radiology", "cardiology"]
# Groups B and C not met: stage 4 held and group A met give stage 5.
STAGE_5 = {"B.1": "not_met", "C.1": "partial"}


@pytest.fixture(autouse=True)
def utc(settings: object) -> None:
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]


def answer_everything(
    assessment: Assessment,
    overrides: dict[str, str] | None = None,
    skip: frozenset[tuple[str, str | None]] = frozenset(),
) -> None:
    """Answer every required slot `met`, except `overrides` (code -> status) and `skip`."""
    areas = [
        a.service_area
        for a in AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    ]
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True):
        if criterion.scope == Scope.BASELINE:
            continue
        for area in areas if criterion.scope == Scope.AREA else [None]:
            if (criterion.code, area.code if area else None) in skip:
                continue
            AnswerFactory(
                assessment=assessment,
                criterion=criterion,
                service_area=area,
                status=(overrides or {}).get(criterion.code, "met"),
            )


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def member_client(assessment: Assessment, role: str) -> Client:
    return client_for(MembershipFactory(organization=assessment.organization, role=role).user)


def submit_url(assessment: Assessment) -> str:
    return reverse("assessment_submit", args=[assessment.pk])


def snapshot(assessment: Assessment) -> dict[str, object]:
    return Assessment.objects.values().get(pk=assessment.pk)


def answers_snapshot(assessment: Assessment) -> list[tuple[object, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("pk", "status", "comment", "version")
    )


def messages_of(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def ready_assessment(**kwargs: object) -> Assessment:
    assessment = assessment_with_areas(AREAS, **kwargs)
    answer_everything(assessment, STAGE_5)
    return assessment


# --- permissions ---------------------------------------------------------------------------------


def test_submit_anonymous_redirects_to_login(client: Client) -> None:
    assessment = ready_assessment()

    response = client.get(submit_url(assessment))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/assessments/{assessment.pk}/submit/",
    )


def test_submit_anonymous_post_redirects_and_changes_nothing(client: Client) -> None:
    assessment = ready_assessment()
    before = snapshot(assessment)

    response = client.post(submit_url(assessment))

    assert response.status_code == 302
    assert snapshot(assessment) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_submit_outsider_gets_404(method: str) -> None:
    assessment = ready_assessment()
    outsider = MembershipFactory(role=Role.LEAD).user
    before = snapshot(assessment)

    response = getattr(client_for(outsider), method)(submit_url(assessment))

    assert response.status_code == 404
    assert snapshot(assessment) == before


def test_submit_contributor_sees_lead_only_explanation() -> None:
    assessment = ready_assessment()

    response = member_client(assessment, Role.CONTRIBUTOR).get(submit_url(assessment))

    assert (response.status_code, response.context["page"]) == (200, "submit")
    assertContains(
        response,
        '<div class="alert alert-info" role="status" data-testid="submit-lead-only">Only a lead '
        "can submit this assessment. You can still complete the answers listed below; then ask "
        "a lead of your organization to submit.</div>",
        html=True,
    )
    assertNotContains(response, 'data-testid="submit-confirm"')


def test_submit_contributor_post_is_forbidden_and_changes_nothing() -> None:
    assessment = ready_assessment()
    before = snapshot(assessment)

    response = member_client(assessment, Role.CONTRIBUTOR).post(submit_url(assessment))

    assert response.status_code == 403
    assert snapshot(assessment) == before


# --- missing answers -----------------------------------------------------------------------------


def test_submit_lead_with_missing_answers_sees_them_with_links() -> None:
    assessment = assessment_with_areas(AREAS)
    answer_everything(assessment, skip=frozenset({("2.1", "cardiology"), ("3.1", None)}))

    response = member_client(assessment, Role.LEAD).get(submit_url(assessment))

    pk = assessment.pk
    assertContains(
        response,
        '<h2 class="h5" id="missing-title">2 required answers are still missing</h2>',
        html=True,
    )
    assertContains(
        response,
        f"""<ul aria-labelledby="missing-title" data-testid="submit-missing">
        <li><a href="/assessments/{pk}/sections/stage-2/#s-2_1-cardiology">2.1 Images and reports
        accessible via links in the EMR · Cardiology</a></li>
        <li><a href="/assessments/{pk}/sections/stage-3/#s-3_1">3.1 Enterprise imaging strategy
        and governance</a></li></ul>""",
        html=True,
    )
    assertNotContains(response, 'data-testid="submit-confirm"')


def test_submit_lead_with_missing_answers_post_is_refused() -> None:
    assessment = assessment_with_areas(AREAS)
    answer_everything(assessment, skip=frozenset({("2.1", "cardiology")}))
    before = snapshot(assessment)

    response = member_client(assessment, Role.LEAD).post(submit_url(assessment))

    assert (response.status_code, response["Location"]) == (302, submit_url(assessment))
    assert messages_of(response) == [
        "1 required answer is still missing: answer it before submitting."
    ]
    assert snapshot(assessment) == before


# --- confirmation and submission -----------------------------------------------------------------


def test_submit_lead_with_everything_answered_sees_the_confirmation() -> None:
    assessment = ready_assessment()

    response = member_client(assessment, Role.LEAD).get(submit_url(assessment))

    assertContains(
        response,
        '<button type="submit" class="btn btn-primary">Submit with stage 5</button>',
        html=True,
    )
    assertContains(response, '<input type="hidden" name="expected_stage" value="5">', html=True)
    assertNotContains(response, 'data-testid="submit-missing"')


def test_submit_lead_submits_and_the_stage_is_stored(frozen_now: datetime) -> None:
    assessment = ready_assessment()

    response = member_client(assessment, Role.LEAD).post(
        submit_url(assessment), {"expected_stage": "5"}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("assessment_results", args=[assessment.pk]),
    )
    assert messages_of(response) == ["The assessment is submitted with self-assessed stage 5."]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.status, stored.self_assessed_stage, stored.submitted_at) == (
        AssessmentStatus.SUBMITTED,
        5,
        frozen_now,
    )


def test_submit_staff_submits() -> None:
    assessment = ready_assessment()

    response = client_for(UserFactory(is_staff=True)).post(submit_url(assessment))

    assert response.status_code == 302
    assert Assessment.objects.values_list("status", flat=True).get(pk=assessment.pk) == "submitted"


def test_submit_second_time_is_refused(frozen_now: datetime) -> None:
    assessment = ready_assessment()
    client = member_client(assessment, Role.LEAD)
    client.post(submit_url(assessment), follow=True)  # the results page shows the message
    before = snapshot(assessment)

    response = client.post(submit_url(assessment))

    assert (response.status_code, response["Location"]) == (302, submit_url(assessment))
    assert messages_of(response) == [
        "This assessment cannot be submitted now: its status is “Submitted”."
    ]
    assert snapshot(assessment) == before


def test_submit_with_a_stale_stage_is_refused() -> None:
    assessment = ready_assessment()
    before = snapshot(assessment)

    response = member_client(assessment, Role.LEAD).post(
        submit_url(assessment), {"expected_stage": "4"}
    )

    assert messages_of(response) == [
        "The answers changed since you opened this page: the stage is now 5. "
        "Check it and confirm again."
    ]
    assert snapshot(assessment) == before


@pytest.mark.parametrize("value", ["five", "", "9", "-1"])
def test_submit_with_an_invalid_confirmation_is_refused(value: str) -> None:
    assessment = ready_assessment()
    before = snapshot(assessment)

    response = member_client(assessment, Role.LEAD).post(
        submit_url(assessment), {"expected_stage": value}
    )

    assert (response.status_code, response["Location"]) == (302, submit_url(assessment))
    assert messages_of(response) == ["The confirmation was not valid: please confirm again."]
    assert snapshot(assessment) == before


# --- after submission ----------------------------------------------------------------------------


def submitted_assessment() -> Assessment:
    return ready_assessment(
        status=AssessmentStatus.SUBMITTED, self_assessed_stage=5, submitted_at=NOW
    )


@pytest.mark.parametrize("role", [Role.LEAD, Role.CONTRIBUTOR])
def test_submit_page_after_submission_shows_status_and_stage(role: str) -> None:
    assessment = submitted_assessment()

    response = member_client(assessment, role).get(submit_url(assessment))

    assertContains(
        response,
        """<div class="alert alert-info" role="status" data-testid="submit-done">
        <p class="mb-1">Status: Submitted.</p>
        <p class="mb-1">Submitted on March 4, 2026, 10:30 a.m. with self-assessed stage 5.</p>
        <p class="mb-0">The answers are read-only.</p></div>""",
        html=True,
    )
    assertNotContains(response, 'data-testid="submit-confirm"')


def test_section_post_after_submission_is_forbidden_and_changes_nothing() -> None:
    assessment = submitted_assessment()
    before = answers_snapshot(assessment)
    answer = Answer.objects.get(assessment=assessment, criterion__code="2.2")

    response = member_client(assessment, Role.LEAD).post(
        reverse("assessment_section", args=[assessment.pk, "stage-2"]),
        {
            "s-2_2-status": "not_met",
            "s-2_2-comment": "changed",
            "s-2_2-initial_status": "met",
            "s-2_2-initial_comment": "",
            "s-2_2-version": str(answer.version),
        },
    )

    assert response.status_code == 403
    assert answers_snapshot(assessment) == before


def test_autosave_after_submission_says_it_is_closed_and_changes_nothing() -> None:
    assessment = submitted_assessment()
    before = answers_snapshot(assessment)
    answer = Answer.objects.get(assessment=assessment, criterion__code="2.2")

    response = member_client(assessment, Role.CONTRIBUTOR).post(
        reverse("assessment_autosave", args=[assessment.pk, "stage-2"]),
        {
            "slot": "s-2_2",
            "s-2_2-status": "not_met",
            "s-2_2-comment": "",
            "s-2_2-initial_status": "met",
            "s-2_2-initial_comment": "",
            "s-2_2-version": str(answer.version),
        },
    )

    # A tab left open after the submission: 409, the reason and a reload link, nothing saved.
    assert response.status_code == 409
    assertContains(
        response,
        "This assessment was submitted; your change was not saved. "
        f'<a href="/assessments/{assessment.pk}/sections/stage-2/">Reload the page</a>',
        count=1,
        status_code=409,
    )
    assert answers_snapshot(assessment) == before


def test_submit_page_after_changes_requested_offers_to_resubmit() -> None:
    assessment = ready_assessment(
        status=AssessmentStatus.CHANGES_REQUESTED, self_assessed_stage=7, submitted_at=NOW
    )

    response = member_client(assessment, Role.LEAD).get(submit_url(assessment))

    assertContains(
        response,
        '<div class="alert alert-warning" role="status" data-testid="submit-changes-requested">'
        "The assessor requested changes. Once they are made, a lead submits the assessment "
        "again; the self-assessed stage is then computed anew.</div>",
        html=True,
    )
    assertContains(
        response,
        '<button type="submit" class="btn btn-primary">Submit with stage 5</button>',
        html=True,
    )
