"""The admin of section assignments: pickers that search, a list page of constant queries, no
history pages that could revert a row."""

from datetime import UTC, date, datetime

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from simple_history.admin import SimpleHistoryAdmin

from assignments.models import DueReminder, SectionAssignment
from tests.assignments.factories import SectionAssignmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    # The admin looks content types up once per process: counts must not depend on test order.
    ContentType.objects.clear_cache()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("count", [1, 30])
def test_section_assignment_changelist_queries_constant(
    catalog: object,
    staff: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    for _ in range(count):
        SectionAssignmentFactory(assigned_by=UserFactory())

    # Session, user, the sections of the filter, count, page.
    with django_assert_num_queries(5):
        response = staff.get(reverse("admin:assignments_sectionassignment_changelist"))

    assert response.context["cl"].result_count == count


def test_section_assignment_change_form_pickers_search(
    catalog: object, staff: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assignment = SectionAssignmentFactory(assigned_by=UserFactory())
    UserFactory.create_batch(20)
    url = reverse("admin:assignments_sectionassignment_change", args=[assignment.pk])

    # Session, user, the assignment, content type, the assessment, assignee and assigner shown in
    # their pickers.
    with django_assert_num_queries(7):
        response = staff.get(url)

    form = response.context["adminform"].form
    assert [
        name
        for name, field in form.fields.items()
        if isinstance(getattr(field.widget, "widget", field.widget), AutocompleteSelect)
    ] == ["assessment", "assignee", "assigned_by"]


def test_section_assignment_admin_has_no_history_pages() -> None:
    assert not isinstance(admin.site._registry[SectionAssignment], SimpleHistoryAdmin)


@pytest.mark.parametrize("count", [1, 30])
def test_due_reminder_changelist_queries_constant(
    catalog: object,
    staff: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    for _ in range(count):
        DueReminder.objects.create(
            assignment=SectionAssignmentFactory(),
            due_date=date(2026, 6, 30),
            sent_at=datetime(2026, 6, 27, 8, 0, tzinfo=UTC),
        )

    # Session, user, count, page (with each assignment's assessment and assignee).
    with django_assert_num_queries(4):
        response = staff.get(reverse("admin:assignments_duereminder_changelist"))

    assert response.context["cl"].result_count == count
