"""The 403, 404 and 500 pages: the site's layout, with DEBUG off."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from assessments.enums import Role
from assessments.models import Membership
from tests.factories import MembershipFactory

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.fixture(autouse=True)
def debug_off(settings: Settings) -> None:
    settings.DEBUG = False


@pytest.mark.django_db
def test_error_page_404_for_a_missing_page(client: Client) -> None:
    client.force_login(MembershipFactory().user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert VIEWPORT in html
    assert "<title>Page not found · DIAM</title>" in html
    assert '<a class="nav-link" href="/">Home</a>' in html


@pytest.mark.django_db
def test_error_page_403_for_a_forbidden_post(client: Client) -> None:
    contributor = MembershipFactory(role=Role.CONTRIBUTOR)
    other = MembershipFactory(organization=contributor.organization, role=Role.CONTRIBUTOR)
    client.force_login(contributor.user)

    response = client.post(
        reverse("organization_members", args=[contributor.organization.slug]),
        {"action": "remove", "membership": other.pk},
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert VIEWPORT in html
    assert "<title>Not allowed · DIAM</title>" in html
    assert Membership.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
@pytest.mark.urls("tests.diam.error_urls")
def test_error_page_500_for_a_failing_view() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert VIEWPORT in html
    assert "<title>Server error · DIAM</title>" in html


def test_error_page_500_renders_without_request_or_database() -> None:
    # No django_db mark: any query would fail the test.
    html = render_to_string("500.html")

    assert VIEWPORT in html
    assert "<h1>Something went wrong on our side</h1>" in html
