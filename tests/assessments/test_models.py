"""Database constraints of the assessment models.

Each test first creates a valid row, then shows the database itself refuses the invalid one
(inside `transaction.atomic()`, so the test's transaction stays usable). Nothing here is
specific to SQLite: the same constraints must hold on PostgreSQL.
"""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from criteria.models import Criterion, ServiceArea
from tests.factories import (
    AnswerFactory,
    AssessmentAreaFactory,
    AssessmentFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("catalog")


def test_answer_unique_per_area_rejects_second_answer_for_same_area() -> None:
    radiology = ServiceArea.objects.get(code="radiology")
    criterion = Criterion.objects.get(code="1.1")
    first = AnswerFactory(criterion=criterion, service_area=radiology, status="met")

    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(
            assessment=first.assessment, criterion=criterion, service_area=radiology, status="met"
        )

    assert Answer.objects.filter(assessment=first.assessment).count() == 1


def test_assessment_title_unique_per_organization_rejects_same_title_in_any_case() -> None:
    first = AssessmentFactory(title="DIAM 2026")
    AssessmentFactory(title="DIAM 2026")  # another organization

    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(organization=first.organization, title="diam 2026")

    assert Assessment.objects.filter(organization=first.organization).count() == 1


def test_answer_unique_enterprise_rejects_second_answer_without_area() -> None:
    criterion = Criterion.objects.get(code="2.2")
    first = AnswerFactory(criterion=criterion, service_area=None, status="met")

    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(
            assessment=first.assessment, criterion=criterion, service_area=None, status="not_met"
        )

    assert list(Answer.objects.filter(assessment=first.assessment).values_list("pk", "status")) == [
        (first.pk, "met")
    ]


def test_answer_same_criterion_in_two_areas_is_allowed() -> None:
    criterion = Criterion.objects.get(code="1.1")
    assessment = AssessmentFactory()

    for code in ("radiology", "cardiology"):
        AnswerFactory(
            assessment=assessment,
            criterion=criterion,
            service_area=ServiceArea.objects.get(code=code),
        )

    assert sorted(
        Answer.objects.filter(assessment=assessment).values_list("service_area__code", flat=True)
    ) == ["cardiology", "radiology"]


def test_answer_same_enterprise_criterion_in_two_assessments_is_allowed() -> None:
    criterion = Criterion.objects.get(code="2.2")

    AnswerFactory(criterion=criterion, service_area=None)
    AnswerFactory(criterion=criterion, service_area=None)

    assert Answer.objects.filter(criterion=criterion, service_area=None).count() == 2


def test_answer_status_check_rejects_unknown_status() -> None:
    answer = AnswerFactory(status="met")

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(status="bogus")

    answer.refresh_from_db()
    assert answer.status == "met"


@pytest.mark.parametrize("status", ["met", "partial", "not_met", "na"])
def test_answer_status_check_accepts_known_status(status: str) -> None:
    answer = AnswerFactory(status="met")

    Answer.objects.filter(pk=answer.pk).update(status=status)

    answer.refresh_from_db()
    assert answer.status == status


def test_organization_kind_check_rejects_unknown_kind() -> None:
    organization = OrganizationFactory(kind="hospital")

    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(kind="clinic")

    organization.refresh_from_db()
    assert organization.kind == "hospital"


def test_assessment_status_check_rejects_unknown_status() -> None:
    assessment = AssessmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(status="approved")

    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_assessment_self_assessed_stage_check_rejects_stage_above_7() -> None:
    assessment = AssessmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(self_assessed_stage=8)

    assessment.refresh_from_db()
    assert assessment.self_assessed_stage is None


def test_membership_unique_rejects_second_membership() -> None:
    first = MembershipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=first.user, organization=first.organization, role="lead")

    assert Membership.objects.filter(user=first.user).count() == 1


def test_membership_same_user_in_two_organizations_is_allowed() -> None:
    user = UserFactory()

    MembershipFactory(user=user)
    MembershipFactory(user=user)

    assert Membership.objects.filter(user=user).count() == 2


def test_membership_role_check_rejects_unknown_role() -> None:
    membership = MembershipFactory(role="contributor")

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(role="owner")

    membership.refresh_from_db()
    assert membership.role == "contributor"


def test_assessment_area_unique_rejects_second_row_for_same_area() -> None:
    first = AssessmentAreaFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentAreaFactory(
            assessment=first.assessment, service_area=first.service_area, annual_volume=5
        )

    assert AssessmentArea.objects.filter(assessment=first.assessment).count() == 1
