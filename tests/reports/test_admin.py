"""The export jobs' admin: a list page whose query count does not grow with the jobs."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from pytest_django.asserts import assertContains

from reports.enums import ExportJobStatus
from reports.models import ExportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    # The admin looks content types up once per process: counts must not depend on test order.
    ContentType.objects.clear_cache()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def job() -> ExportJob:
    return ExportJob.objects.create(
        created_by=UserFactory(), status=ExportJobStatus.DONE, total=3, done=3
    )


@pytest.mark.parametrize("count", [1, 30])
def test_export_job_changelist_queries_constant(
    staff: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for _ in range(count):
        job()

    # Session, user, count, page (with each job's author).
    with django_assert_num_queries(4):
        response = staff.get(reverse("admin:reports_exportjob_changelist"))

    assert response.context["cl"].result_count == count


def test_export_job_change_form_shows_the_author(
    staff: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    shown = job()

    # Session, user, the job with its author, content type.
    with django_assert_num_queries(4):
        response = staff.get(reverse("admin:reports_exportjob_change", args=[shown.pk]))

    assertContains(response, shown.created_by.username)
