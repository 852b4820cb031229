import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.accounts.factories import InvitationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_invitation_admin_lists_invitations(client: Client) -> None:
    InvitationFactory(email="listed@example.org")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:accounts_invitation_changelist"))

    assert response.status_code == 200
    assert "listed@example.org" in response.content.decode()


def test_invitation_admin_change_page_hides_token(client: Client) -> None:
    invitation = InvitationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:accounts_invitation_change", args=[invitation.pk]))

    assert response.status_code == 200
    assert invitation.token not in response.content.decode()


def test_invitation_admin_cannot_add(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:accounts_invitation_add"))

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_invitation_changelist_queries_constant(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    InvitationFactory.create_batch(count)
    ContentType.objects.clear_cache()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    # Session, user, count, page (with each organization), the date hierarchy's range and days.
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:accounts_invitation_changelist"))

    assert response.context["cl"].result_count == count
    # A filter by organization would list every organization beside the page.
    assert [type(f).__name__ for f in response.context["cl"].filter_specs] == [
        "ChoicesFieldListFilter"
    ]
