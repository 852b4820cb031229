"""Who may download the PDF scorecard: members, the assigned assessor and admins; 404 for anyone
else; anonymous users go to the log-in page."""

from typing import Any

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from assessments.access import ASSESSORS_GROUP
from assessments.enums import Role
from assessments.models import Assessment
from tests.factories import MembershipFactory, UserFactory
from tests.reports.scorecard_data import (
    changes_requested,
    member_of,
    pdf_text,
    shows_findings,
    validated_assessment,
)

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture
def assessment() -> Assessment:
    return validated_assessment()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(assessment: Assessment) -> str:
    return reverse("scorecard_pdf", args=[assessment.pk])


def _assert_is_scorecard(response: Any, assessment: Assessment) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="diam-scorecard-klinikum-nord-{assessment.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF-1.7")


def test_scorecard_download_member_gets_the_pdf(assessment: Assessment) -> None:
    response = _client(member_of(assessment)).get(_url(assessment))

    _assert_is_scorecard(response, assessment)
    assert response["Cache-Control"] == "private, no-store"


def test_scorecard_download_other_organization_gets_404(assessment: Assessment) -> None:
    outsider = MembershipFactory().user

    response = _client(outsider).get(_url(assessment))

    assert response.status_code == 404


def test_scorecard_download_assigned_assessor_gets_the_pdf(assessment: Assessment) -> None:
    response = _client(assessment.assessor).get(_url(assessment))

    _assert_is_scorecard(response, assessment)


def test_scorecard_download_unassigned_assessor_gets_404(assessment: Assessment) -> None:
    other_assessor = UserFactory()
    other_assessor.groups.add(AuthGroup.objects.get_or_create(name=ASSESSORS_GROUP)[0])

    response = _client(other_assessor).get(_url(assessment))

    assert response.status_code == 404


def test_scorecard_download_staff_gets_the_pdf(assessment: Assessment) -> None:
    response = _client(UserFactory(is_staff=True)).get(_url(assessment))

    _assert_is_scorecard(response, assessment)


def test_scorecard_download_anonymous_goes_to_login(assessment: Assessment) -> None:
    response = Client().get(_url(assessment))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={_url(assessment)}"


def test_scorecard_download_unknown_assessment_gets_404() -> None:
    response = _client(UserFactory(is_staff=True)).get(reverse("scorecard_pdf", args=[999_999]))

    assert response.status_code == 404


# The assessor's findings: for the organization once validated, for its reviewers always


@pytest.mark.parametrize("role", [Role.LEAD, Role.CONTRIBUTOR])
def test_scorecard_download_member_before_validation_has_no_findings(
    assessment: Assessment, role: str
) -> None:
    changes_requested(assessment)

    response = _client(member_of(assessment, role)).get(_url(assessment))

    assert shows_findings(pdf_text(response.content)) == (False, False)


def test_scorecard_download_member_after_validation_has_the_findings(
    assessment: Assessment,
) -> None:
    response = _client(member_of(assessment)).get(_url(assessment))

    assert shows_findings(pdf_text(response.content)) == (True, True)


@pytest.mark.parametrize("who", ["assessor", "staff"])
def test_scorecard_download_reviewer_before_validation_has_the_findings(
    assessment: Assessment, who: str
) -> None:
    changes_requested(assessment)
    user = assessment.assessor if who == "assessor" else UserFactory(is_staff=True)

    response = _client(user).get(_url(assessment))

    assert shows_findings(pdf_text(response.content)) == (True, True)


def test_workspace_links_to_the_scorecard(assessment: Assessment) -> None:
    response = _client(member_of(assessment)).get(
        reverse("assessment_results", args=[assessment.pk])
    )

    assertContains(response, f'href="{_url(assessment)}"')
    assertContains(response, "Download scorecard (PDF)")
