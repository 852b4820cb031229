"""Asking before deleting evidence, removing a member, requesting changes and submitting
(static/js/confirm.js): dismissing the question changes nothing, accepting it does the action."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import Dialog, Page, expect
from pytest_django.fixtures import Settings

from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment, Evidence, Membership
from tests.assessments.evidence_factories import evidence_with_file
from tests.assessments.review_factories import review_case, verdicts_all
from tests.factories import AnswerFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def answer_dialog(page: Page, *, accept: bool) -> list[str]:
    """Answer the next dialog; the list receives its question."""
    questions: list[str] = []

    def handle(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", handle)
    return questions


def posts(page: Page) -> list[str]:
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.method == "POST" else None
    )
    return sent


def test_confirm_evidence_delete_dismissed_then_accepted(
    page_as: Callable[[AbstractBaseUser], Page], catalog: object
) -> None:
    answer = AnswerFactory()
    evidence = evidence_with_file(answer, "scan.pdf")
    page = page_as(MembershipFactory(organization=answer.assessment.organization).user)
    page.goto(f"/assessments/{answer.assessment_id}/sections/stage-2/")
    delete = page.get_by_role("button", name="Delete “scan.pdf”")
    sent = posts(page)

    questions = answer_dialog(page, accept=False)
    delete.click()
    page.wait_for_timeout(300)

    assert questions == ["Delete “scan.pdf”? The file cannot be restored."]
    assert sent == []
    assert Evidence.objects.filter(pk=evidence.pk).exists()

    answer_dialog(page, accept=True)
    delete.click()
    expect(page.get_by_role("status").first).to_contain_text("scan.pdf")
    assert Evidence.objects.filter(pk=evidence.pk).exists() is False
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_confirm_member_remove_dismissed_then_accepted(
    page_as: Callable[[AbstractBaseUser], Page],
) -> None:
    lead = MembershipFactory(role=Role.LEAD, organization__name="St. Confirm")
    colleague = MembershipFactory(
        organization=lead.organization,
        user=UserFactory(first_name="Carla", last_name="Colleague"),
    )
    page = page_as(lead.user)
    page.goto(f"/organizations/{lead.organization.slug}/members/")
    remove = page.get_by_role("button", name="Remove Carla Colleague")
    sent = posts(page)

    questions = answer_dialog(page, accept=False)
    remove.click()
    page.wait_for_timeout(300)

    assert questions == ["Remove Carla Colleague from St. Confirm?"]
    assert sent == []
    assert Membership.objects.filter(pk=colleague.pk).exists()

    answer_dialog(page, accept=True)
    remove.click()
    expect(page.get_by_role("status")).to_have_text(
        "Carla Colleague was removed from the organization."
    )
    assert Membership.objects.filter(pk=colleague.pk).exists() is False


def test_confirm_request_changes_dismissed_then_accepted(
    page_as: Callable[[AbstractBaseUser], Page], catalog: object
) -> None:
    case = review_case()
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the archive report."})
    page = page_as(case.assessor)
    page.goto(f"/assessments/{case.assessment.pk}/review/")
    request = page.get_by_role("button", name="Request changes")
    sent = posts(page)

    questions = answer_dialog(page, accept=False)
    request.click()
    page.wait_for_timeout(300)

    assert questions == [
        "Return the assessment to the organization with the 1 answer you did not accept?"
    ]
    assert sent == []
    assert Assessment.objects.get(pk=case.assessment.pk).status == AssessmentStatus.IN_REVIEW

    answer_dialog(page, accept=True)
    request.click()
    expect(page.get_by_test_id("no-decision")).to_be_visible()
    assert (
        Assessment.objects.get(pk=case.assessment.pk).status == AssessmentStatus.CHANGES_REQUESTED
    )


def test_confirm_submit_dismissed_then_accepted(
    page_as: Callable[[AbstractBaseUser], Page], catalog: object
) -> None:
    case = review_case(AssessmentStatus.DRAFT)
    page = page_as(case.lead)
    page.goto(f"/assessments/{case.assessment.pk}/submit/")
    submit = page.get_by_role("button", name="Submit with stage 5")
    sent = posts(page)

    questions = answer_dialog(page, accept=False)
    submit.click()
    page.wait_for_timeout(300)

    assert questions == ["Submit the assessment with stage 5? The answers become read-only."]
    assert sent == []
    assert Assessment.objects.get(pk=case.assessment.pk).status == AssessmentStatus.DRAFT

    answer_dialog(page, accept=True)
    submit.click()
    expect(page.get_by_role("button", name="Submit with stage 5")).to_have_count(0)
    assert Assessment.objects.get(pk=case.assessment.pk).status == AssessmentStatus.SUBMITTED
