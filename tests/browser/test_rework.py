"""The rework round trip (issue 9): an assessor did not accept an answer, with a comment, and
requested changes (set up through the review services); the lead finds it in the rework list,
follows its link to the answer, answers the assessor in its thread; the assessor reads the reply
on the review page. Both pages pass axe without a violation at any impact level."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.lifecycle import assessment_transition
from assessments.models import Answer
from assessments.review.services import VerdictInput, verdicts_record
from discussions.models import AnswerMessage
from tests.assessments.review_factories import answer_everything, assessment_with_areas
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.conftest import screenshot
from tests.discussions.factories import WHY_1_1
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHY_2_2 = "The import policy is a draft: show the signed version."
REPLY = "The signed policy is attached to 2.2 now; the board signed it in May."


def returned_assessment():  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Rework Hospital")
    lead = MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="lena", first_name="Lena", last_name="Lead"),
    ).user
    assessor = UserFactory(username="astrid", first_name="Astrid", last_name="Assessor")
    assessor.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    assessment = assessment_with_areas(
        ["radiology", "cardiology"],
        organization=organization,
        title="DIAM 2026",
        status=AssessmentStatus.IN_REVIEW,
        assessor=assessor,
        submitted_at=timezone.now(),
        self_assessed_stage=5,
    )
    answer_everything(assessment, {"B.1": "not_met", "C.1": "partial"})
    rejected = {("2.2", None): WHY_2_2, ("1.1", "radiology"): WHY_1_1}
    answers = Answer.objects.filter(assessment=assessment).select_related(
        "criterion", "service_area"
    )
    verdicts_record(
        assessment=assessment,
        assessor=assessor,
        verdicts=[
            VerdictInput(
                answer=answer,
                accepted=key not in rejected,
                comment=rejected.get(key, ""),
            )
            for answer in answers
            for key in [(answer.criterion.code, getattr(answer.service_area, "code", None))]
        ],
    )
    assessment = assessment_transition(
        assessment=assessment, action="request_changes", user=assessor, now=timezone.now()
    )
    return assessment, lead, assessor


def assert_axe_clean(page: Page, name: str) -> None:
    assert axe_violations_in_every_language(page) == {}, f"axe on {name}"


@pytest.mark.usefixtures("catalog")
def test_rework_list_link_reply_and_assessor_reads_it(page_as) -> None:  # type: ignore[no-untyped-def]
    assessment, lead, assessor = returned_assessment()
    answer = Answer.objects.get(assessment=assessment, criterion__code="2.2")

    page = page_as(lead)
    page.goto(f"/assessments/{assessment.pk}/")
    rework = page.get_by_test_id("rework-list")
    expect(rework.get_by_test_id("rework-summary")).to_have_text(
        "The assessor did not accept 2 answers; 2 still to do."
    )
    items = rework.get_by_test_id("rework-item")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_contain_text("2.2 External images can be imported")
    expect(items.nth(1)).to_contain_text(WHY_2_2)
    expect(page.get_by_test_id("rework-count")).to_have_text(
        ["1 answer to rework", "1 answer to rework"]
    )
    screenshot(page, "rework-list")
    page.screenshot(path="/tmp/rework-list.png", full_page=False)
    assert_axe_clean(page, "the rework list")

    items.nth(1).get_by_role("link", name="2.2 External images can be imported").click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/sections/stage-2/#s-2_2")
    slot = page.locator("#s-2_2")
    expect(slot.get_by_test_id("rework-mark")).to_contain_text("To do")
    thread = page.locator(f"#thread-{answer.pk}")
    thread.get_by_label("Message to the assessor").fill(REPLY)
    thread.get_by_role("button", name="Send").click()
    expect(page.locator(f"#thread-{answer.pk}").get_by_test_id("thread-message")).to_contain_text(
        [REPLY]
    )
    expect(page.locator(f"#thread-{answer.pk}")).to_contain_text("Your message is sent.")
    expect(slot.get_by_test_id("rework-mark")).to_contain_text("Answered")
    assert list(AnswerMessage.objects.values_list("author__username", "body")) == [("lena", REPLY)]
    screenshot(page, "rework-thread")
    page.screenshot(path="/tmp/rework-thread.png", full_page=False)
    assert_axe_clean(page, "the slot's thread")
    assert page.js_errors == []

    review = page_as(assessor)
    review.goto(f"/assessments/{assessment.pk}/review/#thread-{answer.pk}")
    reply = review.locator(f"#thread-{answer.pk}").get_by_test_id("thread-message")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Lena Lead")
    expect(reply).to_contain_text(REPLY)
    review.locator(f"#thread-{answer.pk}").scroll_into_view_if_needed()
    review.screenshot(path="/tmp/rework-review.png", full_page=False)
    assert_axe_clean(review, "the review page's thread")
    assert review.js_errors == []
