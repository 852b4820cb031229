"""The review: scoring from accepted answers, the services, the queue, the review page, the
decisions through the views, assigning and claiming, the copy of a validated assessment, and
what the organization sees after validation."""

import re
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from pytest_django.asserts import assertContains, assertNotContains

from assessments.access import assessment_access
from assessments.enums import AssessmentStatus
from assessments.evidence.services import evidence_add
from assessments.lifecycle import assessment_transition
from assessments.models import Answer, Assessment, AssessmentArea, Evidence, Verdict
from assessments.review.selectors import QueueFilters, review_queue, workspace_accepted_score
from assessments.review.services import (
    VerdictInput,
    assessment_copy,
    findings_update,
    verdict_record,
    verdicts_record,
)
from assessments.scoring import assessment_accepted_score
from assessments.workspace import workspace_load
from criteria.models import ServiceArea
from tests.assessments.review_factories import (
    NOW,
    answer_of,
    assessor_user,
    client_for,
    message_texts,
    review_case,
    snapshot,
    verdicts_all,
    verdicts_snapshot,
)
from tests.assessments.test_evidence import pdf_bytes
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = pytest.mark.usefixtures("catalog")

CHALLENGE = "Show the import log of last month."


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]
    return tmp_path / "media"


def review_url(assessment: Assessment) -> str:
    return reverse("assessment_review", args=[assessment.pk])


def verdict_data(answer: Answer, decision: str, comment: str = "") -> dict[str, str]:
    return {f"v-{answer.pk}-decision": decision, f"v-{answer.pk}-comment": comment}


# Scoring from accepted answers ----------------------------------------------------------------


def test_accepted_score_keeps_the_status_of_accepted_answers() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    assert assessment_accepted_score(case.assessment).stage == 5


def test_accepted_score_counts_answers_not_accepted_as_not_met() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): CHALLENGE})

    result = assessment_accepted_score(case.assessment)

    assert (result.stage, result.criteria["4.4"].met, result.next_stage, result.missing) == (
        3,
        False,
        4,
        ["4.4"],
    )


def test_accepted_score_counts_answers_without_verdict_as_not_met() -> None:
    case = review_case("in_review")

    result = assessment_accepted_score(case.assessment)

    assert (result.stage, result.answered, result.required) == (0, 32, 32)


def test_accepted_score_counts_na_not_accepted_as_a_not_met_area() -> None:
    # A.1 (majority): radiology met, cardiology and pathology not applicable.
    case = review_case("in_review", areas=["radiology", "cardiology", "pathology"])
    for code in ("cardiology", "pathology"):
        Answer.objects.filter(
            assessment=case.assessment, criterion__code="A.1", service_area__code=code
        ).update(status="na")
    verdicts_all(case.assessment, case.assessor)
    accepted_na = assessment_accepted_score(case.assessment).criteria["A.1"]
    Verdict.objects.filter(
        answer__assessment=case.assessment, answer__criterion__code="A.1", answer__status="na"
    ).update(accepted=False, comment="Both areas produce images.")

    rejected_na = assessment_accepted_score(case.assessment).criteria["A.1"]

    assert (accepted_na.met, accepted_na.areas_counted) == (True, 1)
    assert (rejected_na.met, rejected_na.areas_met, rejected_na.areas_counted) == (False, 1, 3)


def test_workspace_accepted_score_matches_the_database_one() -> None:
    case = review_case("in_review", areas=["radiology", "cardiology", "pathology"])
    verdicts_all(
        case.assessment,
        case.assessor,
        {("2.1", "radiology"): "No EMR link.", ("A.2", None): "Not interactive."},
    )
    workspace = workspace_load(assessment_access(case.assessor, case.assessment.pk))
    volumes = dict(
        AssessmentArea.objects.filter(assessment=case.assessment).values_list(
            "service_area_id", "annual_volume"
        )
    )

    from_workspace = workspace_accepted_score(workspace, volumes)

    assert from_workspace.as_dict() == assessment_accepted_score(case.assessment).as_dict()


# Services -------------------------------------------------------------------------------------


def test_verdict_record_creates_then_changes_the_verdict_with_history() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    verdict_record(answer=answer, assessor=case.assessor, accepted=False, comment=f" {CHALLENGE} ")
    verdict_record(answer=answer, assessor=case.assessor, accepted=True, comment="")

    verdict = Verdict.objects.get(answer=answer)
    assert (verdict.accepted, verdict.comment, verdict.assessor) == (True, "", case.assessor)
    assert [
        (h.accepted, h.comment, h.history_user) for h in verdict.history.order_by("history_id")
    ] == [(False, CHALLENGE, case.assessor), (True, "", case.assessor)]


@pytest.mark.parametrize("comment", ["", "   "])
def test_verdict_record_not_accepted_without_comment_is_refused(comment: str) -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    with pytest.raises(ValidationError) as error:
        verdict_record(answer=answer, assessor=case.assessor, accepted=False, comment=comment)

    assert error.value.messages == ["Say why the answer is not accepted: a comment is required."]
    assert Verdict.objects.count() == 0


@pytest.mark.parametrize("status", ["submitted", "changes_requested", "validated"])
def test_verdicts_record_outside_the_review_is_refused(status: str) -> None:
    case = review_case(status)
    verdicts_all(case.assessment, case.assessor)
    answer = answer_of(case.assessment, "2.2")
    before = verdicts_snapshot(case.assessment)

    with pytest.raises(ValidationError) as error:
        verdicts_record(
            assessment=case.assessment,
            assessor=case.assessor,
            verdicts=[VerdictInput(answer=answer, accepted=False, comment=CHALLENGE)],
        )

    label = AssessmentStatus(status).label
    assert error.value.messages == [f"The review is not running: this assessment is “{label}”."]
    assert verdicts_snapshot(case.assessment) == before


def test_verdicts_record_is_all_or_nothing() -> None:
    case = review_case("in_review")
    first, second = answer_of(case.assessment, "2.2"), answer_of(case.assessment, "3.1")

    with pytest.raises(ValidationError):
        verdicts_record(
            assessment=case.assessment,
            assessor=case.assessor,
            verdicts=[
                VerdictInput(answer=first, accepted=True, comment=""),
                VerdictInput(answer=second, accepted=False, comment=""),
            ],
        )

    assert Verdict.objects.count() == 0


def test_findings_update_saves_strengths_and_recommendations() -> None:
    case = review_case("in_review")

    findings_update(
        assessment=case.assessment,
        strengths=" Strong governance. ",
        recommendations="Extend mobile access.",
        user=case.assessor,
    )

    assert Assessment.objects.values_list("strengths", "recommendations", "status").get(
        pk=case.assessment.pk
    ) == ("Strong governance.", "Extend mobile access.", "in_review")


def test_findings_update_after_validation_is_refused() -> None:
    case = review_case("validated", validated_stage=5)
    before = snapshot(case.assessment)

    with pytest.raises(ValidationError):
        findings_update(
            assessment=case.assessment, strengths="x", recommendations="y", user=case.assessor
        )

    assert snapshot(case.assessment) == before


def test_assessment_copy_copies_areas_and_answers_not_verdicts_nor_evidence() -> None:
    case = review_case("validated", validated_stage=5, strengths="Strong governance.")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): CHALLENGE})
    Answer.objects.filter(assessment=case.assessment, criterion__code="3.1").update(
        comment="Board meets quarterly."
    )
    evidence_add(
        answer=answer_of(case.assessment, "3.1"),
        upload=SimpleUploadedFile("charter.pdf", pdf_bytes()),
        user=case.lead,
    )

    copy = assessment_copy(source=case.assessment, created_by=case.lead, title=" Next round ")

    def answers(assessment: Assessment) -> list[tuple[object, ...]]:
        return sorted(
            Answer.objects.filter(assessment=assessment).values_list(
                "criterion__code", "service_area__code", "status", "comment"
            ),
            key=str,
        )

    stored = Assessment.objects.get(pk=copy.pk)
    assert (
        stored.title,
        stored.status,
        stored.organization_id,
        stored.catalog_id,
        stored.created_by,
        stored.assessor,
        stored.strengths,
        stored.self_assessed_stage,
        stored.validated_stage,
    ) == (
        "Next round",
        "draft",
        case.assessment.organization_id,
        case.assessment.catalog_id,
        case.lead,
        None,
        "",
        None,
        None,
    )
    assert sorted(stored.areas.values_list("service_area__code", "annual_volume")) == sorted(
        case.assessment.areas.values_list("service_area__code", "annual_volume")
    )
    assert answers(copy) == answers(case.assessment)
    assert Verdict.objects.filter(answer__assessment=copy).count() == 0
    assert Evidence.objects.filter(answer__assessment=copy).count() == 0
    assert Answer.history.filter(assessment_id=copy.pk, history_user=case.lead).count() == 32


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "changes_requested"])
def test_assessment_copy_of_an_assessment_not_validated_is_refused(status: str) -> None:
    case = review_case(status)

    with pytest.raises(ValidationError) as error:
        assessment_copy(source=case.assessment, created_by=case.lead, title="Next round")

    assert error.value.messages == ["Only a validated assessment can be copied into a new one."]
    assert Assessment.objects.count() == 1


# The queue ------------------------------------------------------------------------------------


def queue_titles(response: object) -> list[str]:
    return [row.assessment.title for row in response.context["rows"]]  # type: ignore[attr-defined]


@pytest.fixture
def queue():  # type: ignore[no-untyped-def]
    """Assessments in every state; two assessors; organizations in Germany and France."""
    alice = assessor_user(username="alice", first_name="Alice", last_name="Archer")
    bob = assessor_user(username="bob", first_name="Bob", last_name="Baker")
    berlin = OrganizationFactory(name="Berlin Clinic", country="DE")
    lyon = OrganizationFactory(name="Lyon Centre", country="FR", kind="diagnostic-center")
    made = {}
    for title, organization, status, assessor, stage, day in [
        ("draft", berlin, "draft", None, None, None),
        ("berlin-submitted", berlin, "submitted", None, 4, 20),
        ("berlin-alice", berlin, "in_review", alice, 5, 10),
        ("lyon-bob", lyon, "in_review", bob, 3, 15),
        ("lyon-submitted-alice", lyon, "submitted", alice, 2, 25),
        ("lyon-changes", lyon, "changes_requested", alice, 3, 5),
        ("lyon-validated", lyon, "validated", bob, 3, 1),
    ]:
        made[title] = assessment_with_areas(
            ["radiology"],
            organization=organization,
            title=title,
            status=status,
            assessor=assessor,
            self_assessed_stage=stage,
            submitted_at=datetime(2026, 2, day, 9, tzinfo=UTC) if day else None,
        )
    return {"alice": alice, "bob": bob, "assessments": made}


def test_queue_as_staff_lists_every_submitted_and_in_review_assessment_oldest_first(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(reverse("review_queue"))

    assert response.status_code == 200
    assert queue_titles(response) == [
        "berlin-alice",
        "lyon-bob",
        "berlin-submitted",
        "lyon-submitted-alice",
    ]


def test_queue_as_assessor_lists_theirs_and_the_unassigned_submitted_ones(queue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = True

    response = client_for(queue["alice"]).get(reverse("review_queue"))

    assert queue_titles(response) == ["berlin-alice", "berlin-submitted", "lyon-submitted-alice"]
    assert [row.claimable for row in response.context["rows"]] == [False, True, False]
    assertContains(
        response, reverse("review_claim", args=[queue["assessments"]["berlin-submitted"].pk])
    )


def test_queue_as_assessor_without_claiming_lists_only_theirs(queue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = False

    response = client_for(queue["alice"]).get(reverse("review_queue"))

    assert queue_titles(response) == ["berlin-alice", "lyon-submitted-alice"]
    assertNotContains(response, "/claim/")


def test_queue_as_assessor_leaves_out_submissions_of_their_own_organization(queue) -> None:  # type: ignore[no-untyped-def]
    berlin = queue["assessments"]["berlin-submitted"].organization
    MembershipFactory(user=queue["bob"], organization=berlin)

    response = client_for(queue["bob"]).get(reverse("review_queue"))

    assert queue_titles(response) == ["lyon-bob"]


def row_cells(html: str) -> list[list[str]]:
    """The text of each cell of the queue's rows (the action cell left out)."""
    rows = re.findall(r'<tr data-testid="queue-row">(.*?)</tr>', html, re.S)
    return [
        [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells[:-1]]
        for cells in (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows)
    ]


@freeze_time("2026-03-04 10:30:00")
def test_queue_row_shows_organization_country_kind_stage_date_assessor_and_age(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(queue["bob"]).get(reverse("review_queue"))

    assert row_cells(response.content.decode()) == [
        [
            "Lyon Centre lyon-bob",
            "France",
            "Diagnostic center",
            "3",
            "Feb. 15, 2026",
            "17",
            "In review",
            "Bob Baker",
        ],
        [
            "Berlin Clinic berlin-submitted",
            "Germany",
            "Hospital",
            "4",
            "Feb. 20, 2026",
            "12",
            "Submitted",
            "nobody yet",
        ],
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "submitted"}, ["berlin-submitted", "lyon-submitted-alice"]),
        ({"status": "in_review"}, ["berlin-alice", "lyon-bob"]),
        ({"country": "FR"}, ["lyon-bob", "lyon-submitted-alice"]),
        ({"stage": "4"}, ["berlin-submitted"]),
        ({"assignee": "none"}, ["berlin-submitted"]),
        ({"country": "DE", "status": "in_review"}, ["berlin-alice"]),
    ],
)
def test_queue_filters(queue, params: dict[str, str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(reverse("review_queue"), params)

    assert queue_titles(response) == expected


def test_queue_filter_by_assessor_for_staff(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(
        reverse("review_queue"), {"assignee": str(queue["alice"].pk)}
    )

    assert queue_titles(response) == ["berlin-alice", "lyon-submitted-alice"]


def test_queue_filter_assigned_to_me_for_an_assessor(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(queue["alice"]).get(reverse("review_queue"), {"assignee": "me"})

    assert queue_titles(response) == ["berlin-alice", "lyon-submitted-alice"]


def test_queue_assessor_cannot_filter_by_another_assessor(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(queue["alice"]).get(
        reverse("review_queue"), {"assignee": str(queue["bob"].pk)}
    )

    assert queue_titles(response) == ["berlin-alice", "berlin-submitted", "lyon-submitted-alice"]
    assertContains(response, "Some filters were not valid and are not applied")


def test_queue_invalid_filter_is_reported_and_left_out(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(
        reverse("review_queue"), {"stage": "9", "status": "in_review"}
    )

    assert queue_titles(response) == ["berlin-alice", "lyon-bob"]
    assertContains(response, "Some filters were not valid and are not applied")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-submitted", ["lyon-submitted-alice", "berlin-submitted", "lyon-bob", "berlin-alice"]),
        ("organization", ["berlin-alice", "berlin-submitted", "lyon-bob", "lyon-submitted-alice"]),
        ("-organization", ["lyon-bob", "lyon-submitted-alice", "berlin-alice", "berlin-submitted"]),
        ("stage", ["lyon-submitted-alice", "lyon-bob", "berlin-submitted", "berlin-alice"]),
        ("-stage", ["berlin-alice", "berlin-submitted", "lyon-bob", "lyon-submitted-alice"]),
        ("assignee", ["berlin-submitted", "berlin-alice", "lyon-submitted-alice", "lyon-bob"]),
        ("country", ["berlin-alice", "berlin-submitted", "lyon-bob", "lyon-submitted-alice"]),
        ("status", ["berlin-alice", "lyon-bob", "berlin-submitted", "lyon-submitted-alice"]),
    ],
)
def test_queue_sorting(queue, sort: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(reverse("review_queue"), {"sort": sort})

    assert queue_titles(response) == expected


def test_queue_sort_link_of_the_current_column_reverses_it(queue) -> None:  # type: ignore[no-untyped-def]
    response = client_for(UserFactory(is_staff=True)).get(
        reverse("review_queue"), {"sort": "organization", "country": "FR"}
    )

    assertContains(
        response,
        '<th scope="col" aria-sort="ascending"><a href="?sort=-organization&amp;country=FR">'
        "Organization</a></th>",
        html=True,
    )


def test_review_queue_selector_filters_without_the_view(queue) -> None:  # type: ignore[no-untyped-def]
    titles = [
        a.title
        for a in review_queue(
            UserFactory(is_staff=True), QueueFilters(country="FR", assignee="none"), "stage"
        )
    ]

    assert titles == []


@pytest.mark.parametrize("who", ["staff", "assessor"])
def test_queue_query_count_does_not_grow_with_assessments(
    who: str, django_assert_num_queries: object
) -> None:
    assessor = assessor_user()
    user = UserFactory(is_staff=True) if who == "staff" else assessor

    def add() -> None:
        assessment_with_areas(
            ["radiology"],
            organization=OrganizationFactory(),
            status="in_review",
            assessor=assessor,
            submitted_at=NOW,
            self_assessed_stage=2,
        )

    add()
    client = client_for(user)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("review_queue"))
    add()
    add()

    with django_assert_num_queries(len(one)):  # type: ignore[operator]
        response = client.get(reverse("review_queue"))

    assert len(response.context["rows"]) == 3


# Claiming ---------------------------------------------------------------------------------------


def test_claim_view_makes_the_assessor_the_reviewer(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = True
    case = review_case("submitted", assigned=False)
    claimer = assessor_user()

    response = client_for(claimer).post(reverse("review_claim", args=[case.assessment.pk]))

    assert (response.status_code, response["Location"]) == (302, review_url(case.assessment))
    assert Assessment.objects.values_list("assessor", "status").get(pk=case.assessment.pk) == (
        claimer.pk,
        "submitted",
    )


def test_claim_view_of_an_assigned_assessment_is_404() -> None:
    case = review_case("submitted")
    before = snapshot(case.assessment)

    response = client_for(assessor_user()).post(reverse("review_claim", args=[case.assessment.pk]))

    assert response.status_code == 404
    assert snapshot(case.assessment) == before


def test_claim_view_with_claiming_off_is_404(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = False
    case = review_case("submitted", assigned=False)
    before = snapshot(case.assessment)

    response = client_for(assessor_user()).post(reverse("review_claim", args=[case.assessment.pk]))

    assert response.status_code == 404
    assert snapshot(case.assessment) == before


# The review page ---------------------------------------------------------------------------------


def test_review_page_shows_each_answer_with_criterion_comment_and_evidence() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "3.1")
    Answer.objects.filter(pk=answer.pk).update(comment="Board meets quarterly.")
    evidence = evidence_add(
        answer=answer, upload=SimpleUploadedFile("charter.pdf", pdf_bytes()), user=case.lead
    )

    response = client_for(case.assessor).get(review_url(case.assessment))

    assert response.status_code == 200
    assertContains(response, "Enterprise imaging strategy", status_code=200)
    assertContains(response, "Board meets quarterly.", count=1)
    assertContains(
        response,
        f'<a href="{reverse("evidence_download", args=[case.assessment.pk, evidence.pk])}">'
        "charter.pdf</a>",
    )
    # One verdict form per answer: 22 enterprise answers and 5 area criteria x 2 areas.
    assertContains(response, 'value="not_accepted"', count=32)
    assertContains(response, '<h3 class="h5 mb-0" id="review-group-a-title">Group A', count=1)


def test_review_page_shows_both_stages_side_by_side_with_what_blocks_them() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): "Only in the ED."})

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertContains(
        response,
        '<span class="badge text-bg-primary fs-5" data-testid="review-self-stage">5</span>',
    )
    assertContains(
        response,
        '<span class="badge text-bg-success fs-5" data-testid="review-accepted-stage">3</span>'
        "</span></h2>",
    )
    # The stage badge stands apart from the sentence that explains it.
    assertContains(
        response,
        '<p class="mb-2" data-testid="review-accepted-note">Answers not accepted, or without a '
        "verdict yet, count as not met.</p>",
        html=True,
    )
    review = response.context["review"]
    assert [b.code for b in review.self_assessed_blocking] == ["B.1"]
    assert [b.code for b in review.accepted_blocking] == ["4.4"]
    assert (review.answers, review.verdicts, review.not_accepted) == (32, 32, 1)


def test_review_page_as_staff_offers_the_assignment() -> None:
    case = review_case("submitted")

    response = client_for(UserFactory(is_staff=True)).get(review_url(case.assessment))

    assertContains(response, reverse("review_assign", args=[case.assessment.pk]))
    assertContains(response, "Start the review")


def test_review_page_as_assessor_offers_no_assignment() -> None:
    case = review_case("submitted")

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertNotContains(response, reverse("review_assign", args=[case.assessment.pk]))
    assertNotContains(response, 'value="not_accepted"')


def test_review_page_marks_answers_changed_since_the_verdict() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): CHALLENGE})
    answer = answer_of(case.assessment, "2.2")
    answer.comment = "Import log attached."
    answer.save()

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertContains(response, "changed since the verdict", count=1)


def count_review_queries(user: object, assessment: Assessment) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(review_url(assessment))
    assert response.status_code == 200
    return len(queries)


def test_review_page_query_count_does_not_grow_with_areas() -> None:
    codes = list(ServiceArea.objects.values_list("code", flat=True))
    small = review_case("in_review", areas=codes[:1])
    large = review_case("in_review", areas=codes)
    for case in (small, large):
        verdicts_all(case.assessment, case.assessor, {("2.2", None): CHALLENGE})
        for answer in Answer.objects.filter(assessment=case.assessment)[:3]:
            evidence_add(
                answer=answer, upload=SimpleUploadedFile("a.pdf", pdf_bytes()), user=case.lead
            )
    staff = UserFactory(is_staff=True)

    counts = [
        count_review_queries(small.assessor, small.assessment),
        count_review_queries(large.assessor, large.assessment),
        count_review_queries(staff, small.assessment),
        count_review_queries(staff, large.assessment),
    ]

    assert (len(codes), counts[0] == counts[1], counts[2] == counts[3]) == (15, True, True)


# Saving verdicts ---------------------------------------------------------------------------------


def test_verdicts_save_records_the_section(settings) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    radiology = answer_of(case.assessment, "2.1", "radiology")
    cardiology = answer_of(case.assessment, "2.1", "cardiology")
    enterprise = answer_of(case.assessment, "2.2")
    data = {
        **verdict_data(radiology, "accepted"),
        **verdict_data(cardiology, "accepted", "Checked on site."),
        **verdict_data(enterprise, "not_accepted", CHALLENGE),
    }

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]), data, follow=True
    )

    assert message_texts(response) == ["3 verdicts saved."]
    assert sorted(Verdict.objects.values_list("answer_id", "accepted", "comment", "assessor")) == [
        (radiology.pk, True, "", case.assessor.pk),
        (cardiology.pk, True, "Checked on site.", case.assessor.pk),
        (enterprise.pk, False, CHALLENGE, case.assessor.pk),
    ]


def test_verdicts_save_leaves_answers_without_a_decision_alone() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    enterprise = answer_of(case.assessment, "2.2")
    before = verdicts_snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        verdict_data(enterprise, "accepted"),
        follow=True,
    )

    assert message_texts(response) == ["0 verdicts saved."]
    assert verdicts_snapshot(case.assessment) == before


def test_verdicts_save_not_accepted_without_comment_saves_nothing() -> None:
    case = review_case("in_review")
    radiology = answer_of(case.assessment, "2.1", "radiology")
    enterprise = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        {**verdict_data(radiology, "accepted"), **verdict_data(enterprise, "not_accepted")},
    )

    assert response.status_code == 422
    assert message_texts(response) == ["No verdict was saved: correct the highlighted answers."]
    assertContains(
        response, "Say why the answer is not accepted: a comment is required.", status_code=422
    )
    assert Verdict.objects.count() == 0


def test_verdicts_save_comment_without_decision_saves_nothing() -> None:
    case = review_case("in_review")
    enterprise = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        verdict_data(enterprise, "", "A comment alone"),
    )

    assertContains(
        response, "Choose “Accepted” or “Not accepted” for this comment.", status_code=422
    )
    # What the assessor typed stays in the form.
    assertContains(response, "A comment alone</textarea>", status_code=422)
    assert Verdict.objects.count() == 0


def test_verdicts_save_unknown_decision_saves_nothing() -> None:
    case = review_case("in_review")
    enterprise = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        verdict_data(enterprise, "maybe"),
    )

    assertContains(response, "Unknown verdict “maybe”.", status_code=422)
    assert Verdict.objects.count() == 0


def test_verdicts_save_before_the_review_started_is_forbidden() -> None:
    case = review_case("submitted")
    enterprise = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        verdict_data(enterprise, "accepted"),
    )

    assert response.status_code == 403
    assert Verdict.objects.count() == 0


def test_verdicts_save_records_the_verdicts_of_every_section_posted() -> None:
    case = review_case("in_review")
    stage_1 = answer_of(case.assessment, "1.1", "radiology")
    stage_2 = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        {**verdict_data(stage_1, "accepted"), **verdict_data(stage_2, "not_accepted", CHALLENGE)},
        follow=True,
    )

    assert message_texts(response) == ["2 verdicts saved."]
    assert sorted(Verdict.objects.values_list("answer_id", "accepted", "comment")) == sorted(
        [(stage_1.pk, True, ""), (stage_2.pk, False, CHALLENGE)]
    )


# Findings -----------------------------------------------------------------------------------------


def test_findings_save() -> None:
    case = review_case("in_review")

    response = client_for(case.assessor).post(
        reverse("review_findings", args=[case.assessment.pk]),
        {"strengths": "Strong governance.\r\nClear roles.", "recommendations": "Mobile access."},
        follow=True,
    )

    assert message_texts(response) == ["The findings are saved."]
    assert Assessment.objects.values_list("strengths", "recommendations").get(
        pk=case.assessment.pk
    ) == ("Strong governance.\nClear roles.", "Mobile access.")


def test_findings_save_too_long_saves_nothing() -> None:
    case = review_case("in_review")
    before = snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("review_findings", args=[case.assessment.pk]),
        {"strengths": "x" * 10_001, "recommendations": "Mobile access."},
    )

    assert response.status_code == 422
    assert message_texts(response) == ["The findings were not saved: see the errors below."]
    assert snapshot(case.assessment) == before


# Decisions through the views -------------------------------------------------------------------


def decide(user: object, assessment: Assessment, **data: str) -> object:
    return client_for(user).post(reverse("review_decide", args=[assessment.pk]), data, follow=True)


def test_decide_start_review() -> None:
    case = review_case("submitted")

    response = decide(case.assessor, case.assessment, action="start_review")

    assert message_texts(response) == ["The review has started: record a verdict on each answer."]
    assert Assessment.objects.get(pk=case.assessment.pk).status == "in_review"


def test_decide_request_changes() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): CHALLENGE})

    response = decide(case.assessor, case.assessment, action="request_changes")

    assert message_texts(response) == [
        "Changes are requested: the organization sees the answers you did not accept."
    ]
    assert Assessment.objects.get(pk=case.assessment.pk).status == "changes_requested"


def test_decide_request_changes_refused_shows_why_and_changes_nothing() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    before = snapshot(case.assessment)

    response = decide(case.assessor, case.assessment, action="request_changes")

    assert message_texts(response) == [
        "Mark at least one answer as not accepted, with a comment, before requesting changes."
    ]
    assert snapshot(case.assessment) == before


def test_decide_validate_a_lower_stage_with_reason() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    response = decide(
        case.assessor,
        case.assessment,
        action="validate",
        stage="4",
        reason="Group A relies on a pilot.",
        expected_stage="5",
    )

    assert message_texts(response) == ["The assessment is validated at stage 4."]
    assert Assessment.objects.values_list("status", "validated_stage", "validation_reason").get(
        pk=case.assessment.pk
    ) == ("validated", 4, "Group A relies on a pilot.")


def test_decide_validate_lower_without_reason_keeps_the_form_and_changes_nothing() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    before = snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("review_decide", args=[case.assessment.pk]),
        {"action": "validate", "stage": "3", "reason": "", "expected_stage": "5"},
    )

    message = (
        "Give a reason for validating a stage below stage 5, the stage the accepted answers "
        "justify."
    )
    assert message_texts(response) == [message]
    assertContains(response, message, status_code=422)
    assertContains(response, '<option value="3" selected>Stage 3</option>', status_code=422)
    # The message is also in the form itself, beside the reason to write.
    assert response.context["validate_form"].non_field_errors() == [message]
    assert snapshot(case.assessment) == before


def test_review_page_without_rejection_explains_how_to_request_changes() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertContains(
        response,
        '<p data-testid="request-changes-hint">To request changes, mark at least one answer as '
        "not accepted, with a comment.</p>",
        html=True,
    )
    assertNotContains(response, 'value="request_changes"')


def test_decide_validate_a_higher_stage_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): "Only in the ED."})
    before = snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("review_decide", args=[case.assessment.pk]),
        {"action": "validate", "stage": "5", "reason": "Trust me."},
    )

    assertContains(
        response,
        "The validated stage cannot be higher than stage 3, the stage the accepted answers "
        "justify.",
        status_code=422,
    )
    assert snapshot(case.assessment) == before


def test_decide_unknown_action_changes_nothing() -> None:
    case = review_case("in_review")
    before = snapshot(case.assessment)

    response = decide(case.assessor, case.assessment, action="approve")

    assert message_texts(response) == ["Unknown decision."]
    assert snapshot(case.assessment) == before


# Assigning ---------------------------------------------------------------------------------------


def test_assign_view_sets_the_assessor() -> None:
    case = review_case("submitted", assigned=False)
    alice = assessor_user(first_name="Alice", last_name="Archer")

    response = client_for(UserFactory(is_staff=True)).post(
        reverse("review_assign", args=[case.assessment.pk]), {"assessor": alice.pk}, follow=True
    )

    assert message_texts(response) == ["Alice Archer is now the assessor."]
    assert Assessment.objects.get(pk=case.assessment.pk).assessor == alice


@pytest.mark.parametrize("who", ["member", "not_an_assessor"])
def test_assign_view_refuses_people_not_in_the_list(who: str) -> None:
    case = review_case("submitted", assigned=False)
    user = UserFactory()
    if who == "member":
        user = assessor_user()
        MembershipFactory(user=user, organization=case.assessment.organization)
    before = snapshot(case.assessment)

    response = client_for(UserFactory(is_staff=True)).post(
        reverse("review_assign", args=[case.assessment.pk]), {"assessor": user.pk}
    )

    assertContains(response, "Choose an assessor from the list.", status_code=422)
    assert snapshot(case.assessment) == before


# Copy of a validated assessment ------------------------------------------------------------------


def test_copy_page_as_lead_is_prefilled() -> None:
    case = review_case("validated", validated_stage=5, title="DIAM 2026")

    response = client_for(case.lead).get(reverse("assessment_copy", args=[case.assessment.pk]))

    assertContains(response, 'value="Copy of DIAM 2026"')


def test_copy_post_creates_a_draft_and_opens_it() -> None:
    case = review_case("validated", validated_stage=5, title="DIAM 2026")

    response = client_for(case.lead).post(
        reverse("assessment_copy", args=[case.assessment.pk]), {"title": "DIAM 2027"}
    )

    copy = Assessment.objects.get(title="DIAM 2027")
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("assessment_detail", args=[copy.pk]),
    )
    assert (copy.status, copy.answers.count()) == ("draft", 32)


def test_copy_post_with_a_taken_title_shows_it_and_creates_nothing() -> None:
    case = review_case("validated", validated_stage=5, title="DIAM 2026")
    case.assessment.organization.name = "St. Copy"
    case.assessment.organization.save()

    response = client_for(case.lead).post(
        reverse("assessment_copy", args=[case.assessment.pk]), {"title": "DIAM 2026"}
    )

    assert response.context["form"].errors == {
        "__all__": ["St. Copy already has an assessment titled “DIAM 2026”. Choose another title."]
    }
    assert Assessment.objects.count() == 1


def test_copy_post_without_title_creates_nothing() -> None:
    case = review_case("validated", validated_stage=5)

    response = client_for(case.lead).post(
        reverse("assessment_copy", args=[case.assessment.pk]), {"title": " "}
    )

    assertContains(response, "This field is required.")
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("contributor", "validated", 403),
        ("assessor", "validated", 403),
        ("outsider", "validated", 404),
        ("lead", "in_review", 403),
        ("lead", "changes_requested", 403),
    ],
)
def test_copy_is_refused(who: str, status: str, code: int) -> None:
    case = review_case(status, validated_stage=5 if status == "validated" else None)
    client = client_for(getattr(case, who))

    responses = [
        client.get(reverse("assessment_copy", args=[case.assessment.pk])),
        client.post(reverse("assessment_copy", args=[case.assessment.pk]), {"title": "Copy"}),
    ]

    assert [r.status_code for r in responses] == [code, code]
    assert Assessment.objects.count() == 1


def test_copy_anonymous_redirects_to_login() -> None:
    case = review_case("validated", validated_stage=5)

    response = Client().get(reverse("assessment_copy", args=[case.assessment.pk]))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


# What the organization sees after validation ----------------------------------------------------


@pytest.fixture
def validated():  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("B.2", None): "No guideline integration."})
    findings_update(
        assessment=case.assessment,
        strengths="Strong governance.",
        recommendations="Extend mobile access.",
        user=case.assessor,
    )
    assessment_transition(
        assessment=case.assessment,
        action="validate",
        user=case.assessor,
        now=NOW,
        stage=4,
        reason="Group A relies on a pilot.",
    )
    return case


def test_results_after_validation_show_both_stages_expiry_findings_and_verdicts(validated) -> None:  # type: ignore[no-untyped-def]
    response = client_for(validated.contributor).get(
        reverse("assessment_results", args=[validated.assessment.pk])
    )

    assertContains(
        response, '<span class="badge text-bg-success fs-6" data-testid="validated-stage">4</span>'
    )
    assertContains(response, '<dd class="col-sm-8" data-testid="validation-self-stage">5</dd>')
    assertContains(response, "Group A relies on a pilot.")
    assertContains(response, '<time datetime="2029-03-03">March 3, 2029</time>')
    assertContains(response, "Strong governance.")
    assertContains(response, "Extend mobile access.")
    assertContains(response, 'data-testid="verdict-row"', count=32)
    # Once in the list of answers not accepted (first, beside the stages), once in the table.
    assertContains(response, "No guideline integration.", count=2)
    assertContains(
        response,
        '<h2 class="h5" id="results-rejected-title">1 answer not accepted</h2>',
    )
    assertContains(
        response,
        '<li><a href="/assessments/1/sections/group-b/#s-B_2">B.2 <span>Guidelines and '
        "alternatives integrated in workflow</span></a>: No guideline integration.</li>".replace(
            "/assessments/1/", f"/assessments/{validated.assessment.pk}/"
        ),
        html=True,
    )
    assertNotContains(response, "Start a new assessment from a copy")


def test_workspace_after_validation_shows_the_validated_stage_beside_the_self_assessed(
    validated,
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(validated.lead).get(
        reverse("assessment_section", args=[validated.assessment.pk, "group-b"])
    )

    assertContains(response, '<span class="badge text-bg-primary">Self-assessed stage 5</span>')
    assertContains(
        response,
        '<span class="badge text-bg-success" data-testid="header-validated-stage">'
        "Validated stage 4</span>",
    )
    assertContains(response, "No guideline integration.", count=1)
    assertContains(response, reverse("assessment_copy", args=[validated.assessment.pk]))


def test_results_before_validation_show_no_validation(settings) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")

    response = client_for(case.lead).get(reverse("assessment_results", args=[case.assessment.pk]))

    assertNotContains(response, 'data-testid="validation"')
    assertNotContains(response, 'data-testid="results-findings"')
    assertNotContains(response, reverse("assessment_copy", args=[case.assessment.pk]))


# Home page and navigation -----------------------------------------------------------------------


def test_home_shows_the_review_queue_count_to_an_assessor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = True
    mine = review_case("in_review")
    review_case("submitted", assigned=False)
    review_case("in_review")

    response = client_for(mine.assessor).get(reverse("home"))

    assertContains(
        response,
        '<p class="mb-0 me-auto" data-testid="home-review-count">2 assessments to review</p>',
    )
    assertContains(
        response, f'<a class="nav-link" href="{reverse("review_queue")}">Review queue</a>'
    )


def test_home_shows_the_whole_queue_count_to_staff() -> None:
    review_case("in_review")
    review_case("submitted", assigned=False)
    review_case("draft")

    response = client_for(UserFactory(is_staff=True)).get(reverse("home"))

    assertContains(response, "2 assessments to review")


def test_home_shows_no_review_queue_to_members() -> None:
    case = review_case("submitted")

    response = client_for(case.lead).get(reverse("home"))

    assertNotContains(response, 'data-testid="home-review-queue"')
    assertNotContains(response, reverse("review_queue"))


# Demo data ---------------------------------------------------------------------------------------


@override_settings(DEBUG=True)
def test_demo_data_has_a_submitted_assessment_for_the_demo_assessor() -> None:
    call_command("create_demo_data", stdout=StringIO())
    call_command("create_demo_data", stdout=StringIO())

    submitted = Assessment.objects.get(status=AssessmentStatus.SUBMITTED)
    result = assessment_accepted_score(submitted)
    assert (
        submitted.organization.name,
        submitted.assessor.username,
        submitted.self_assessed_stage,
        result.answered,
        result.required,
    ) == ("Demo Hospital", "demo-assessor", 5, 37, 37)
    assert Assessment.objects.filter(organization=submitted.organization).count() == 5
