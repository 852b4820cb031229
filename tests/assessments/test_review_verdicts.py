"""The review page as the assessor works through it: verdicts saved as they are made (with the
conflict of two assessors), "Accept all remaining" of a section, the filter, the guidance and
evidence beside each answer, and the read-only page of an assessment the assessor may claim."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.enums import AssessmentStatus, Role
from assessments.evidence.services import evidence_add
from assessments.models import Answer, Assessment, Verdict
from criteria.models import Criterion
from tests.assessments.review_factories import (
    VerdictFactory,
    answer_of,
    assessor_user,
    client_for,
    message_texts,
    review_case,
    snapshot,
    verdicts_all,
    verdicts_snapshot,
)
from tests.assessments.test_evidence import image_bytes, pdf_bytes
from tests.factories import AnswerFactory, MembershipFactory, UserFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")

CHALLENGE = "Show the import log of last month."
# The review page reads in this many queries, whatever the number of answers and files.
QUERIES = 10


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]
    return tmp_path / "media"


def review_url(assessment: Assessment, query: str = "") -> str:
    return reverse("assessment_review", args=[assessment.pk]) + query


def autosave_url(answer: Answer) -> str:
    return reverse("review_verdict_autosave", args=[answer.assessment_id, answer.pk])


def verdict_post(answer: Answer, decision: str, comment: str = "", version: int = 0) -> dict:
    key = f"v-{answer.pk}"
    return {f"{key}-decision": decision, f"{key}-comment": comment, f"{key}-version": version}


def verdict_row(answer: Answer) -> tuple[object, ...] | None:
    return (
        Verdict.objects.filter(answer=answer)
        .values_list("accepted", "comment", "version", "assessor_id")
        .first()
    )


# Autosave of one verdict ------------------------------------------------------------------------


def test_verdict_autosave_saves_the_verdict_with_history() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "accepted")
    )

    assert response.status_code == 200
    assert verdict_row(answer) == (True, "", 1, case.assessor.pk)
    assert list(Verdict.history.values_list("accepted", "history_user_id")) == [
        (True, case.assessor.pk)
    ]
    assertContains(response, "Saved at")
    # The version of the next save, and the stages with the new count.
    assertContains(response, f'name="v-{answer.pk}-version" value="1"')
    assertContains(response, "1 of 32 answers have a verdict; 0 not accepted.")


def test_verdict_autosave_changes_a_verdict_and_its_version() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")
    VerdictFactory(answer=answer, assessor=case.assessor)

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "not_accepted", CHALLENGE, version=1)
    )

    assert response.status_code == 200
    assert verdict_row(answer) == (False, CHALLENGE, 2, case.assessor.pk)


def test_verdict_autosave_not_accepted_waits_for_its_comment() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "not_accepted")
    )

    assert response.status_code == 200
    assertContains(response, "Say why the answer is not accepted: a comment is required.")
    assert verdict_row(answer) is None


def test_verdict_autosave_unknown_verdict_is_refused_and_saves_nothing() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(autosave_url(answer), verdict_post(answer, "maybe"))

    assertContains(response, "Unknown verdict “maybe”.", status_code=422)
    assertContains(response, "Not saved: see the message above.", status_code=422)
    assert Verdict.objects.count() == 0


def test_verdict_autosave_too_long_comment_is_refused_and_saves_nothing() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "not_accepted", "x" * 10_001)
    )

    assertContains(
        response,
        "Ensure this value has at most 10000 characters (it has 10001).",
        status_code=422,
    )
    assert Verdict.objects.count() == 0


def conflict_case():  # type: ignore[no-untyped-def]
    """Another assessor (an admin) changed the verdict after this one loaded the page."""
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")
    admin = UserFactory(is_staff=True, first_name="Ada", last_name="Admin")
    VerdictFactory(answer=answer, assessor=case.assessor, version=1)
    Verdict.objects.filter(answer=answer).update(
        accepted=False, comment="Admin: not shown on site.", assessor=admin, version=2
    )
    return case, answer, admin


def test_verdict_autosave_of_an_outdated_verdict_shows_both_and_saves_nothing() -> None:
    case, answer, admin = conflict_case()

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "accepted", "Seen on site.", version=1)
    )

    assert response.status_code == 409
    assertContains(response, "Another assessor changed this verdict", status_code=409)
    assertContains(
        response, '<p class="mb-1" data-testid="conflict-mine">Accepted: Seen on site.</p>', 1, 409
    )
    assertContains(
        response,
        '<p class="mb-1" data-testid="conflict-theirs">Not accepted: Admin: not shown on site.</p>',
        1,
        409,
    )
    assertContains(response, f'name="v-{answer.pk}-conflict_version" value="2"', 1, 409)
    assert verdict_row(answer) == (False, "Admin: not shown on site.", 2, admin.pk)


def test_verdict_autosave_keep_mine_saves_over_their_version() -> None:
    case, answer, _admin = conflict_case()
    data = {
        **verdict_post(answer, "accepted", "Seen on site.", version=1),
        f"v-{answer.pk}-conflict_version": 2,
        "resolve": "mine",
    }

    response = client_for(case.assessor).post(autosave_url(answer), data)

    assert response.status_code == 200
    assert verdict_row(answer) == (True, "Seen on site.", 3, case.assessor.pk)


def test_verdict_autosave_keep_mine_after_yet_another_change_is_a_conflict_again() -> None:
    case, answer, admin = conflict_case()
    Verdict.objects.filter(answer=answer).update(comment="Admin: changed again.", version=3)
    data = {
        **verdict_post(answer, "accepted", "Seen on site.", version=1),
        f"v-{answer.pk}-conflict_version": 2,
        "resolve": "mine",
    }

    response = client_for(case.assessor).post(autosave_url(answer), data)

    assert response.status_code == 409
    assert verdict_row(answer) == (False, "Admin: changed again.", 3, admin.pk)


def test_verdict_autosave_use_theirs_shows_their_verdict_and_saves_nothing() -> None:
    case, answer, admin = conflict_case()
    data = {**verdict_post(answer, "accepted", "Seen on site.", version=1), "resolve": "theirs"}

    response = client_for(case.assessor).post(autosave_url(answer), data)

    assert response.status_code == 200
    assertContains(response, "Admin: not shown on site.</textarea>")
    assertContains(response, 'value="not_accepted" id="id_v-', 1)
    assertContains(response, f'name="v-{answer.pk}-version" value="2"')
    assert verdict_row(answer) == (False, "Admin: not shown on site.", 2, admin.pk)


@pytest.mark.parametrize("who", ["other_assessor", "outsider", "lead", "contributor"])
def test_verdict_autosave_by_anyone_but_the_reviewers_is_404(who: str) -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")
    user = assessor_user() if who == "other_assessor" else getattr(case, who)

    response = client_for(user).post(autosave_url(answer), verdict_post(answer, "accepted"))

    assert response.status_code == 404
    assert Verdict.objects.count() == 0


def test_verdict_autosave_anonymous_is_sent_to_log_in() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = Client().post(autosave_url(answer), verdict_post(answer, "accepted"))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
    assert Verdict.objects.count() == 0


def test_verdict_autosave_of_an_answer_of_another_assessment_is_404() -> None:
    case = review_case("in_review")
    other = review_case("in_review", assessor=case.assessor)
    answer = answer_of(other.assessment, "2.2")
    url = reverse("review_verdict_autosave", args=[case.assessment.pk, answer.pk])

    response = client_for(case.assessor).post(url, verdict_post(answer, "accepted"))

    assert response.status_code == 404
    assert Verdict.objects.count() == 0


def test_verdict_autosave_before_the_review_started_is_forbidden() -> None:
    case = review_case("submitted")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        autosave_url(answer), verdict_post(answer, "accepted")
    )

    assert response.status_code == 403
    assert Verdict.objects.count() == 0


# Without JavaScript: one Save button for every section -----------------------------------------


def test_verdicts_save_of_an_outdated_verdict_saves_none_of_the_page() -> None:
    case, answer, admin = conflict_case()
    stage_1 = answer_of(case.assessment, "1.1", "radiology")

    response = client_for(case.assessor).post(
        reverse("review_verdicts", args=[case.assessment.pk]),
        {**verdict_post(stage_1, "accepted"), **verdict_post(answer, "accepted", version=1)},
    )

    assert response.status_code == 409
    assert message_texts(response) == ["No verdict was saved: see the highlighted answers."]
    assertContains(response, "Another assessor changed this verdict", 1, 409)
    assertContains(
        response, "Not saved: the verdicts are saved only when all of them can be.", 1, 409
    )
    assert verdicts_snapshot(case.assessment) == [
        (answer.pk, False, "Admin: not shown on site.", admin.pk)
    ]


# Accept all remaining ---------------------------------------------------------------------------


def accept_remaining_url(assessment: Assessment, section: str) -> str:
    return reverse("review_accept_remaining", args=[assessment.pk, section])


def test_accept_remaining_accepts_only_the_answers_without_verdict_of_the_section() -> None:
    case = review_case("in_review")
    challenged = answer_of(case.assessment, "2.2")
    VerdictFactory(answer=challenged, accepted=False, comment=CHALLENGE, assessor=case.assessor)
    stage_2 = [answer_of(case.assessment, "2.1", area) for area in ("radiology", "cardiology")]

    response = client_for(case.assessor).post(
        accept_remaining_url(case.assessment, "stage-2"), follow=True
    )

    assert message_texts(response) == ["Stage 2: 2 answers accepted."]
    assert verdicts_snapshot(case.assessment) == [
        (challenged.pk, False, CHALLENGE, case.assessor.pk),
        (stage_2[0].pk, True, "", case.assessor.pk),
        (stage_2[1].pk, True, "", case.assessor.pk),
    ]
    assert sorted(Verdict.history.values_list("answer_id", "history_user_id")) == sorted(
        [
            (challenged.pk, None),
            (stage_2[0].pk, case.assessor.pk),
            (stage_2[1].pk, case.assessor.pk),
        ]
    )
    assert response.redirect_chain == [(review_url(case.assessment) + "#review-stage-2", 302)]


def test_accept_remaining_a_second_time_accepts_nothing() -> None:
    case = review_case("in_review")
    client = client_for(case.assessor)
    client.post(accept_remaining_url(case.assessment, "stage-1"), follow=True)
    before = verdicts_snapshot(case.assessment)

    response = client.post(accept_remaining_url(case.assessment, "stage-1"), follow=True)

    assert message_texts(response) == ["Stage 1: 0 answers accepted."]
    assert (len(before), verdicts_snapshot(case.assessment)) == (2, before)


def test_accept_remaining_keeps_the_filter() -> None:
    case = review_case("in_review")

    response = client_for(case.assessor).post(
        accept_remaining_url(case.assessment, "stage-1"), {"show": "without"}
    )

    assert response["Location"] == review_url(case.assessment, "?show=without#review-stage-1")


def test_accept_remaining_of_an_unknown_section_is_404() -> None:
    case = review_case("in_review")

    response = client_for(case.assessor).post(accept_remaining_url(case.assessment, "stage-9"))

    assert (response.status_code, Verdict.objects.count()) == (404, 0)


@pytest.mark.parametrize("who", ["other_assessor", "outsider", "lead"])
def test_accept_remaining_by_anyone_but_the_reviewers_is_404(who: str) -> None:
    case = review_case("in_review")
    user = assessor_user() if who == "other_assessor" else getattr(case, who)

    response = client_for(user).post(accept_remaining_url(case.assessment, "stage-2"))

    assert (response.status_code, Verdict.objects.count()) == (404, 0)


def test_accept_remaining_before_the_review_started_is_forbidden() -> None:
    case = review_case("submitted")

    response = client_for(case.assessor).post(accept_remaining_url(case.assessment, "stage-2"))

    assert (response.status_code, Verdict.objects.count()) == (403, 0)


def test_review_page_offers_accept_remaining_with_the_count() -> None:
    case = review_case("in_review")
    VerdictFactory(answer=answer_of(case.assessment, "2.2"), assessor=case.assessor)

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertContains(response, "Accept all 2 remaining answers in this section", count=2)
    assertContains(response, 'data-testid="accept-remaining-stage-2"', count=1)


def test_verdict_autosave_updates_the_sections_accept_remaining_count_and_keeps_the_filter() -> (
    None
):
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        autosave_url(answer),
        verdict_post(answer, "accepted"),
        headers={
            "HX-Current-URL": f"http://testserver{review_url(case.assessment, '?show=without')}"
        },
    )

    assert response.status_code == 200
    assertContains(
        response,
        '<div id="accept-remaining-stage-2" hx-swap-oob="true"><form method="post" '
        f'action="{reverse("review_accept_remaining", args=[case.assessment.pk, "stage-2"])}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{response.context["csrf_token"]}">'
        '<input type="hidden" name="show" value="without">'
        '<button type="submit" class="btn btn-outline-success btn-sm" '
        'data-testid="accept-remaining-stage-2">Accept all 2 remaining answers in this section'
        "</button></form></div>",
        count=1,
        html=True,
    )


# The filter ---------------------------------------------------------------------------------------


def shown_keys(response: object) -> list[str]:
    return [
        item.key
        for section in response.context["sections"]  # type: ignore[attr-defined]
        for item in section.items
        if item.answer is not None
    ]


def test_review_filter_without_verdict_shows_only_those() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    open_answer = answer_of(case.assessment, "3.1")
    Verdict.objects.filter(answer=open_answer).delete()

    response = client_for(case.assessor).get(review_url(case.assessment, "?show=without"))

    assert shown_keys(response) == [f"v-{open_answer.pk}"]
    assertContains(response, "Every answer of this section has a verdict.", count=6)
    assert response.context["review"].answers == 32


def test_review_filter_changed_since_the_verdict_shows_only_those() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): CHALLENGE})
    changed = answer_of(case.assessment, "2.2")
    changed.comment = "Import log attached."
    changed.save()

    response = client_for(case.assessor).get(review_url(case.assessment, "?show=changed"))

    assert shown_keys(response) == [f"v-{changed.pk}"]
    assertContains(response, "No answer of this section changed since its verdict.", count=6)


def test_review_filter_unknown_value_says_so_and_shows_every_answer() -> None:
    case = review_case("in_review")

    response = client_for(case.assessor).get(review_url(case.assessment, "?show=maybe"))

    assert message_texts(response) == ["Unknown filter “maybe”: every answer is shown."]
    assert len(shown_keys(response)) == 32


# Guidance and evidence beside each answer ------------------------------------------------------


def test_review_page_shows_the_guidance_and_previews_of_images_and_pdfs() -> None:
    case = review_case("in_review")
    answer = answer_of(case.assessment, "3.1")
    image = evidence_add(
        answer=answer, upload=SimpleUploadedFile("ward.png", image_bytes("PNG")), user=case.lead
    )
    pdf = evidence_add(
        answer=answer, upload=SimpleUploadedFile("charter.pdf", pdf_bytes()), user=case.lead
    )
    guidance = Criterion.objects.get(catalog=case.assessment.catalog, code="3.1").guidance

    response = client_for(case.assessor).get(review_url(case.assessment))

    assertContains(response, "<summary>What counts as met</summary>", count=28)
    assertContains(response, f'<p class="mt-2 mb-1">{guidance}</p>', count=1, html=False)
    image_url = reverse("evidence_inline", args=[case.assessment.pk, image.pk])
    pdf_url = reverse("evidence_inline", args=[case.assessment.pk, pdf.pk])
    assertContains(
        response,
        f'<img src="{image_url}" alt="Preview of “ward.png”" class="evidence-preview border '
        'rounded" loading="lazy">',
        count=1,
    )
    assertContains(
        response,
        f'<iframe src="{pdf_url}" title="Preview of “charter.pdf”" class="evidence-preview-pdf '
        'd-block mt-1 border rounded" loading="lazy"></iframe>',
        count=1,
    )


# Query counts ------------------------------------------------------------------------------


def review_queries(user: object, assessment: Assessment) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(review_url(assessment))
    assert response.status_code == 200
    return len(queries)


def test_review_page_query_count_is_the_same_for_one_and_many_answers() -> None:
    assessor = assessor_user()
    one = assessment_with_areas(["radiology"], status=AssessmentStatus.IN_REVIEW, assessor=assessor)
    criterion = Criterion.objects.get(catalog=one.catalog, code="2.2")
    only = AnswerFactory(assessment=one, criterion=criterion, service_area=None)
    VerdictFactory(answer=only, assessor=assessor)
    evidence_add(answer=only, upload=SimpleUploadedFile("a.png", image_bytes("PNG")), user=assessor)
    many = review_case("in_review", assessor=assessor).assessment
    verdicts_all(many, assessor, {("2.2", None): CHALLENGE})
    for answer in Answer.objects.filter(assessment=many)[:5]:
        evidence_add(answer=answer, upload=SimpleUploadedFile("a.pdf", pdf_bytes()), user=assessor)

    counts = (review_queries(assessor, one), review_queries(assessor, many))

    assert counts == (counts[0], counts[0])
    assert counts[0] == QUERIES


# Claiming from the review page --------------------------------------------------------------


def test_claimable_assessment_shows_read_only_with_a_claim_button() -> None:
    case = review_case("submitted", assigned=False)
    evidence = evidence_add(
        answer=answer_of(case.assessment, "3.1"),
        upload=SimpleUploadedFile("charter.pdf", pdf_bytes()),
        user=case.lead,
    )
    before = (snapshot(case.assessment), verdicts_snapshot(case.assessment))

    response = client_for(case.assessor).get(review_url(case.assessment))

    assert response.status_code == 200
    assertContains(response, 'data-testid="claim-banner"', count=1)
    assertContains(response, f'action="{reverse("review_claim", args=[case.assessment.pk])}"')
    assertNotContains(response, 'value="not_accepted"')
    assertNotContains(response, "Start the review</button>")
    # The file's name, not a link the assessor may not open yet.
    assertNotContains(
        response, reverse("evidence_download", args=[case.assessment.pk, evidence.pk])
    )
    assertContains(response, "charter.pdf")
    assert (snapshot(case.assessment), verdicts_snapshot(case.assessment)) == before


def test_claim_from_the_review_page_starts_the_review_and_opens_the_verdicts() -> None:
    case = review_case("submitted", assigned=False)
    client = client_for(case.assessor)

    response = client.post(
        reverse("review_claim", args=[case.assessment.pk]), {"start": "1"}, follow=True
    )

    case.assessment.refresh_from_db()
    assert (case.assessment.assessor_id, case.assessment.status) == (
        case.assessor.pk,
        AssessmentStatus.IN_REVIEW,
    )
    assert message_texts(response) == [
        f"You are now the assessor of “{case.assessment.title}” and the review has started."
    ]
    assertContains(response, 'value="not_accepted"', count=32)
    assertNotContains(response, 'data-testid="claim-banner"')


def test_claimable_review_page_with_claiming_off_is_404(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ASSESSOR_CLAIMING = False
    case = review_case("submitted", assigned=False)

    response = client_for(case.assessor).get(review_url(case.assessment))

    assert response.status_code == 404


@pytest.mark.parametrize("status", ["in_review", "submitted"])
def test_review_page_of_an_assessment_assigned_to_another_assessor_is_404(status: str) -> None:
    case = review_case(status)

    response = client_for(assessor_user()).get(review_url(case.assessment))

    assert response.status_code == 404


def test_review_page_of_an_unassigned_assessment_in_review_is_404_to_an_assessor() -> None:
    case = review_case("in_review", assigned=False)

    response = client_for(assessor_user()).get(review_url(case.assessment))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["outsider", "lead", "contributor"])
def test_review_page_of_a_claimable_assessment_is_404_to_members(who: str) -> None:
    case = review_case("submitted", assigned=False)

    response = client_for(getattr(case, who)).get(review_url(case.assessment))

    assert response.status_code == 404


def test_review_page_of_a_claimable_assessment_is_404_to_an_assessor_of_the_organization() -> None:
    case = review_case("submitted", assigned=False)
    MembershipFactory(
        organization=case.assessment.organization, user=case.assessor, role=Role.CONTRIBUTOR
    )

    response = client_for(case.assessor).get(review_url(case.assessment))

    assert response.status_code == 404


def test_review_page_anonymous_is_sent_to_log_in() -> None:
    case = review_case("submitted", assigned=False)

    response = Client().get(review_url(case.assessment))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
