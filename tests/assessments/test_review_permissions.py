"""Who may see and do what around a review: assessors see only their assessments, members do
not see verdicts before the decision, and while changes are requested members change only the
answers the assessor did not accept."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.evidence.services import evidence_add
from assessments.models import Answer, Assessment, Evidence
from tests.assessments.review_factories import (
    answer_of,
    assessor_user,
    client_for,
    review_case,
    snapshot,
    verdicts_all,
    verdicts_snapshot,
)
from tests.assessments.test_evidence import pdf_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("catalog")

CHALLENGED = ("2.2", None)
CHALLENGE = "Show the import log of last month."


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media"


def add_evidence(answer: Answer) -> Evidence:
    upload = SimpleUploadedFile("proof.pdf", pdf_bytes())
    return evidence_add(answer=answer, upload=upload, user=UserFactory())


def assessment_urls(assessment: Assessment, evidence: Evidence) -> list[str]:
    pk = assessment.pk
    return [
        reverse("assessment_detail", args=[pk]),
        reverse("assessment_section", args=[pk, "stage-2"]),
        reverse("assessment_results", args=[pk]),
        reverse("assessment_submit", args=[pk]),
        reverse("evidence_download", args=[pk, evidence.pk]),
        reverse("assessment_review", args=[pk]),
        reverse("assessment_copy", args=[pk]),
    ]


def review_posts(assessment: Assessment) -> list[tuple[str, dict[str, str]]]:
    pk = assessment.pk
    return [
        (reverse("review_verdicts", args=[pk]), {}),
        (reverse("review_findings", args=[pk]), {"strengths": "x", "recommendations": "y"}),
        (reverse("review_decide", args=[pk]), {"action": "start_review"}),
        (reverse("review_decide", args=[pk]), {"action": "validate", "stage": "0"}),
        (reverse("review_assign", args=[pk]), {"assessor": "1"}),
        (reverse("review_claim", args=[pk]), {}),
    ]


def slot_post(answer: Answer, status: str, comment: str = "") -> dict[str, str]:
    key = "s-" + answer.criterion.code.replace(".", "_")
    if answer.service_area_id:
        key += f"-{answer.service_area.code}"
    return {
        f"{key}-status": status,
        f"{key}-comment": comment,
        f"{key}-initial_status": answer.status,
        f"{key}-initial_comment": answer.comment,
        f"{key}-version": str(answer.version),
    }


def answers_snapshot(assessment: Assessment) -> list[tuple[object, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("pk", "status", "comment", "version")
    )


# An assessor not assigned: 404 everywhere ------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "in_review", "changes_requested", "validated"])
def test_unassigned_assessor_gets_404_on_every_page_of_the_assessment(status: str) -> None:
    case = review_case(status, validated_stage=5 if status == "validated" else None)
    evidence = add_evidence(answer_of(case.assessment, "2.2"))
    client = client_for(assessor_user())

    codes = [client.get(url).status_code for url in assessment_urls(case.assessment, evidence)]

    assert codes == [404] * 7


def test_unassigned_assessor_gets_404_on_every_review_post_and_nothing_changes() -> None:
    case = review_case("in_review")
    before = (snapshot(case.assessment), verdicts_snapshot(case.assessment))
    client = client_for(assessor_user())

    codes = [client.post(url, data).status_code for url, data in review_posts(case.assessment)]

    assert codes == [404] * 6
    assert (snapshot(case.assessment), verdicts_snapshot(case.assessment)) == before


def test_assessor_of_another_assessment_gets_404_on_this_one() -> None:
    case = review_case("in_review")
    other = review_case("in_review")

    response = client_for(other.assessor).get(
        reverse("assessment_review", args=[case.assessment.pk])
    )

    assert response.status_code == 404


def test_assigned_assessor_sees_the_survey_pages_read_only() -> None:
    case = review_case("in_review")
    client = client_for(case.assessor)

    response = client.get(reverse("assessment_section", args=[case.assessment.pk, "stage-2"]))

    assert response.status_code == 200
    assertNotContains(response, 'type="radio"')
    assertContains(response, "answers are read-only")


def test_assigned_assessor_cannot_autosave_an_answer() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")
    before = answers_snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("assessment_autosave", args=[case.assessment.pk, "stage-2"]),
        {"slot": "s-2_2", **slot_post(answer, "not_met")},
    )

    assert response.status_code == 403
    assert answers_snapshot(case.assessment) == before


# Members and outsiders on the review pages ------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "contributor", "outsider"])
def test_review_page_is_404_for_members_and_outsiders(who: str) -> None:
    case = review_case("in_review")

    response = client_for(getattr(case, who)).get(
        reverse("assessment_review", args=[case.assessment.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["lead", "contributor", "outsider"])
def test_review_posts_are_404_for_members_and_outsiders(who: str) -> None:
    case = review_case("submitted", assigned=False)
    before = (snapshot(case.assessment), verdicts_snapshot(case.assessment))
    client = client_for(getattr(case, who))

    codes = [client.post(url, data).status_code for url, data in review_posts(case.assessment)]

    assert codes == [404] * 6
    assert (snapshot(case.assessment), verdicts_snapshot(case.assessment)) == before


def test_review_pages_anonymous_redirect_to_login() -> None:
    case = review_case("in_review")
    urls = [reverse("review_queue"), reverse("assessment_review", args=[case.assessment.pk])]
    urls += [url for url, _data in review_posts(case.assessment)]
    client = Client()

    responses = [client.get(url) if "decision" not in url else client.post(url) for url in urls]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [
        (302, "/accounts/login/")
    ] * len(urls)


def test_review_queue_is_404_for_a_member_who_is_not_an_assessor() -> None:
    case = review_case("submitted")

    response = client_for(case.lead).get(reverse("review_queue"))

    assert response.status_code == 404


def test_assign_is_404_for_the_assigned_assessor() -> None:
    case = review_case("in_review")
    before = snapshot(case.assessment)

    response = client_for(case.assessor).post(
        reverse("review_assign", args=[case.assessment.pk]), {"assessor": assessor_user().pk}
    )

    assert response.status_code == 404
    assert snapshot(case.assessment) == before


# Verdicts stay hidden from members until the decision -----------------------------------------


@pytest.mark.parametrize("status", ["submitted", "in_review"])
@pytest.mark.parametrize("who", ["lead", "contributor"])
def test_members_do_not_see_verdicts_before_the_decision(status: str, who: str) -> None:
    case = review_case(status)
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})
    client = client_for(getattr(case, who))

    section = client.get(reverse("assessment_section", args=[case.assessment.pk, "stage-2"]))
    results = client.get(reverse("assessment_results", args=[case.assessment.pk]))

    assertNotContains(section, 'data-testid="verdict"')
    assertNotContains(section, CHALLENGE)
    assertNotContains(results, 'data-testid="results-verdicts"')
    assertNotContains(results, CHALLENGE)


def test_members_do_not_see_verdicts_of_an_earlier_round_after_resubmission() -> None:
    # Resubmitted: the previous round's verdicts stay for the assessor, hidden from members.
    case = review_case("submitted")
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})

    response = client_for(case.contributor).get(
        reverse("assessment_section", args=[case.assessment.pk, "stage-2"])
    )

    assertNotContains(response, CHALLENGE)


def test_members_see_the_challenged_answers_when_changes_are_requested() -> None:
    case = review_case("changes_requested")
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})
    client = client_for(case.contributor)

    section = client.get(reverse("assessment_section", args=[case.assessment.pk, "stage-2"]))
    results = client.get(reverse("assessment_results", args=[case.assessment.pk]))

    # Twice on the section page: in the rework list at the top, and on the answer's slot.
    assertContains(
        section,
        '<p class="mb-0 small"><span class="fw-semibold">Assessor\'s comment:</span> '
        f"{CHALLENGE}</p>",
        count=1,
        html=True,
    )
    assertContains(
        section,
        '<div class="verdict small mb-2 p-2 rounded bg-danger-subtle" data-testid="verdict">'
        f"<strong>Not accepted by the assessor</strong>: {CHALLENGE}</div>",
        count=1,
        html=True,
    )
    assertContains(section, CHALLENGE, count=2)
    assertContains(results, 'data-testid="verdict-row"', count=1)
    assertContains(results, CHALLENGE, count=1)


def test_assigned_assessor_sees_verdicts_during_the_review() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})

    response = client_for(case.assessor).get(
        reverse("assessment_section", args=[case.assessment.pk, "stage-2"])
    )

    assertContains(response, CHALLENGE, count=1)


# While changes are requested, only challenged answers are open ----------------------------------


@pytest.fixture
def challenged():  # type: ignore[no-untyped-def]
    case = review_case("changes_requested")
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})
    return case


@pytest.mark.parametrize(("section", "buttons"), [("stage-2", 1), ("stage-1", 0)])
def test_save_button_only_on_sections_holding_a_challenged_answer(  # type: ignore[no-untyped-def]
    challenged, section: str, buttons: int
) -> None:
    response = client_for(challenged.lead).get(
        reverse("assessment_section", args=[challenged.assessment.pk, section])
    )

    heading = {"stage-1": "Stage 1", "stage-2": "Stage 2"}[section]
    assertContains(response, f"Save {heading}</button>", count=buttons)


def test_section_post_saves_the_challenged_answer_and_ignores_accepted_ones(challenged) -> None:  # type: ignore[no-untyped-def]
    assessment = challenged.assessment
    accepted = answer_of(assessment, "2.1", "radiology")
    rejected = answer_of(assessment, "2.2")
    data = {
        **slot_post(accepted, "not_met", "sneaky"),
        **slot_post(rejected, "met", "Import log attached."),
    }

    response = client_for(challenged.contributor).post(
        reverse("assessment_section", args=[assessment.pk, "stage-2"]), data
    )

    assert response.status_code == 302
    assert Answer.objects.values_list("status", "comment").get(pk=accepted.pk) == ("met", "")
    assert Answer.objects.values_list("status", "comment").get(pk=rejected.pk) == (
        "met",
        "Import log attached.",
    )


def test_autosave_of_an_accepted_answer_is_forbidden(challenged) -> None:  # type: ignore[no-untyped-def]
    assessment = challenged.assessment
    accepted = answer_of(assessment, "2.1", "radiology")
    before = answers_snapshot(assessment)

    response = client_for(challenged.contributor).post(
        reverse("assessment_autosave", args=[assessment.pk, "stage-2"]),
        {"slot": "s-2_1-radiology", **slot_post(accepted, "not_met")},
    )

    assert response.status_code == 403
    assert answers_snapshot(assessment) == before


def test_autosave_of_the_challenged_answer_saves_it(challenged) -> None:  # type: ignore[no-untyped-def]
    assessment = challenged.assessment
    rejected = answer_of(assessment, "2.2")

    response = client_for(challenged.contributor).post(
        reverse("assessment_autosave", args=[assessment.pk, "stage-2"]),
        {"slot": "s-2_2", **slot_post(rejected, "partial", "Only CDs so far.")},
    )

    assert response.status_code == 200
    assert Answer.objects.values_list("status", "comment").get(pk=rejected.pk) == (
        "partial",
        "Only CDs so far.",
    )


def test_section_page_offers_inputs_only_for_the_challenged_answer(challenged) -> None:  # type: ignore[no-untyped-def]
    response = client_for(challenged.contributor).get(
        reverse("assessment_section", args=[challenged.assessment.pk, "stage-2"])
    )

    # 2.2 is editable (3 statuses); 2.1's two areas are read-only.
    assertContains(response, 'name="s-2_2-status"', count=3)
    assertNotContains(response, 'name="s-2_1-radiology-status"')


def test_evidence_upload_to_an_accepted_answer_is_forbidden(challenged, media_root) -> None:  # type: ignore[no-untyped-def]
    accepted = answer_of(challenged.assessment, "3.1")

    response = client_for(challenged.contributor).post(
        reverse("evidence_upload", args=[challenged.assessment.pk, accepted.pk]),
        {"file": SimpleUploadedFile("proof.pdf", pdf_bytes())},
    )

    assert response.status_code == 403
    assert (Evidence.objects.count(), list(media_root.rglob("*.*"))) == (0, [])


def test_evidence_upload_to_the_challenged_answer_is_allowed(challenged) -> None:  # type: ignore[no-untyped-def]
    rejected = answer_of(challenged.assessment, "2.2")

    response = client_for(challenged.contributor).post(
        reverse("evidence_upload", args=[challenged.assessment.pk, rejected.pk]),
        {"file": SimpleUploadedFile("import-log.pdf", pdf_bytes())},
    )

    assert response.status_code == 302
    assert list(Evidence.objects.values_list("answer_id", "original_name")) == [
        (rejected.pk, "import-log.pdf")
    ]


def test_evidence_delete_of_an_accepted_answer_is_forbidden(challenged) -> None:  # type: ignore[no-untyped-def]
    evidence = add_evidence(answer_of(challenged.assessment, "3.1"))

    response = client_for(challenged.lead).post(
        reverse("evidence_delete", args=[challenged.assessment.pk, evidence.pk])
    )

    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# A validated assessment is read-only for everyone -----------------------------------------------


@pytest.mark.parametrize("who", ["lead", "contributor", "assessor", "staff"])
def test_validated_assessment_answers_cannot_be_changed(who: str) -> None:
    case = review_case("validated", validated_stage=5)
    verdicts_all(case.assessment, case.assessor, {CHALLENGED: CHALLENGE})
    user = UserFactory(is_staff=True) if who == "staff" else getattr(case, who)
    client = client_for(user)
    rejected = answer_of(case.assessment, "2.2")
    before = answers_snapshot(case.assessment)

    section = client.post(
        reverse("assessment_section", args=[case.assessment.pk, "stage-2"]),
        slot_post(rejected, "partial"),
    )
    autosave = client.post(
        reverse("assessment_autosave", args=[case.assessment.pk, "stage-2"]),
        {"slot": "s-2_2", **slot_post(rejected, "partial")},
    )
    upload = client.post(
        reverse("evidence_upload", args=[case.assessment.pk, rejected.pk]),
        {"file": SimpleUploadedFile("proof.pdf", pdf_bytes())},
    )

    # A member's (or an admin's) autosave is a tab left open: 409 saying why, nothing saved.
    # The assessor never had the survey's inputs: 403.
    closed = who != "assessor"
    assert (section.status_code, autosave.status_code, upload.status_code) == (
        403,
        409 if closed else 403,
        403,
    )
    if closed:
        assertContains(
            autosave,
            "This assessment was validated; your change was not saved.",
            count=1,
            status_code=409,
        )
    assert answers_snapshot(case.assessment) == before
    assert Evidence.objects.count() == 0
