import pytest
from django.test import Client
from django.urls import reverse

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
