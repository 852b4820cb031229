"""The admin of the messages on answers: a list page of constant queries; no messages made
there (they are written on the answer's page, which tells the other side)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.discussions.factories import AnswerMessageFactory
from tests.factories import AnswerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    # The admin looks content types up once per process: counts must not depend on test order.
    ContentType.objects.clear_cache()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("count", [1, 30])
def test_answer_message_changelist_queries_constant(
    catalog: object,
    staff: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    for _ in range(count):
        AnswerMessageFactory(answer=AnswerFactory(), author=UserFactory())

    # Session, user, count, page (with each answer's criterion and area, and the author).
    with django_assert_num_queries(4):
        response = staff.get(reverse("admin:discussions_answermessage_changelist"))

    assert response.context["cl"].result_count == count


def test_answer_message_change_form_queries(
    catalog: object, staff: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    message = AnswerMessageFactory(author=UserFactory())

    # Session, user, the message with its answer and author, content type.
    with django_assert_num_queries(4):
        response = staff.get(reverse("admin:discussions_answermessage_change", args=[message.pk]))

    assert response.status_code == 200


def test_answer_message_admin_cannot_add(staff: Client) -> None:
    response = staff.get(reverse("admin:discussions_answermessage_add"))

    assert response.status_code == 403
