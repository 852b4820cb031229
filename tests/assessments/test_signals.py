"""Evidence files go with their rows, however the rows are deleted, once the transaction commits.

Real files in a storage of the test's own (the local disk or an S3 bucket); deletions through the
real paths (views, admin, cascades).
"""

import pytest
from django.core.files.storage import Storage
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from assessments.enums import Role
from assessments.models import Answer, Assessment, Evidence
from criteria.models import Criterion, ServiceArea
from tests.assessments.evidence_factories import evidence_with_file
from tests.backing_services import stored_names
from tests.factories import AnswerFactory, MembershipFactory, UserFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def storage(media_storage: Storage) -> Storage:
    return media_storage


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def area_answer(assessment: Assessment, area: str) -> Answer:
    return AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code=area),
    )


def test_evidence_file_deleted_with_its_answer(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    kept = evidence_with_file(AnswerFactory())
    gone = evidence_with_file(AnswerFactory())

    with django_capture_on_commit_callbacks(execute=True):
        gone.answer.delete()

    assert (list(Evidence.objects.all()), stored_names(storage)) == (
        [kept],
        [kept.file.name],
    )


def test_evidence_file_deleted_by_queryset_delete(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    answer = AnswerFactory()
    evidence_with_file(answer, "a.pdf")
    evidence_with_file(answer, "b.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        Evidence.objects.filter(answer=answer).delete()

    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


def test_evidence_file_deleted_when_area_removed_through_view(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    lead = MembershipFactory(role=Role.LEAD)
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=lead.organization)
    kept = evidence_with_file(area_answer(assessment, "radiology"))
    evidence_with_file(area_answer(assessment, "cardiology"))
    data = {"area_radiology_active": "on", "area_radiology_volume": "1000", "confirm": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead.user).post(
            reverse("assessment_areas", args=[assessment.pk]), data
        )

    assert response.status_code == 302
    assert (list(Evidence.objects.all()), stored_names(storage)) == (
        [kept],
        [kept.file.name],
    )


def test_evidence_file_deleted_when_assessment_deleted_in_admin(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    assessment = assessment_with_areas(["radiology"])
    evidence_with_file(AnswerFactory(assessment=assessment))
    evidence_with_file(area_answer(assessment, "radiology"))
    admin = UserFactory(is_staff=True, is_superuser=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            reverse("admin:assessments_assessment_delete", args=[assessment.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert (Assessment.objects.count(), Evidence.objects.count(), stored_names(storage)) == (
        0,
        0,
        [],
    )


def test_evidence_file_deleted_when_organization_deleted(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # An organization's assessments are protected: they are deleted first, then the organization.
    assessment = assessment_with_areas(["radiology"])
    evidence_with_file(area_answer(assessment, "radiology"))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assessment.delete()
        assessment.organization.delete()

    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


def test_evidence_file_kept_when_transaction_rolls_back(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    evidence = evidence_with_file(AnswerFactory())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                evidence.answer.assessment.delete()
                raise RuntimeError("something later in the request fails")
        except RuntimeError:
            pass

    assert (callbacks, list(Evidence.objects.all()), stored_names(storage)) == (
        [],
        [evidence],
        [evidence.file.name],
    )


def test_evidence_file_kept_until_commit(storage: Storage) -> None:
    evidence = evidence_with_file(AnswerFactory())

    # The test's transaction never commits: the row is gone, the file waits for the commit.
    evidence.delete()

    assert (Evidence.objects.count(), stored_names(storage)) == (0, [evidence.file.name])
