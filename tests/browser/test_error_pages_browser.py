"""axe on the 404 and 403 pages, as served with DEBUG off: no violation at any impact level."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import Page
from pytest_django.fixtures import Settings

from assessments.enums import Role
from tests.browser.axe import axe_violations_in_every_language
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def debug_off(settings: Settings) -> None:
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("url", "status"),
    [("/no-such-page/", 404), ("/organizations/{slug}/assessments/new/", 403)],
    ids=["404", "403"],
)
def test_error_page_has_no_accessibility_violation(
    page_as: Callable[[AbstractBaseUser], Page], url: str, status: int
) -> None:
    contributor = MembershipFactory(role=Role.CONTRIBUTOR)
    page = page_as(contributor.user)

    response = page.goto(url.format(slug=contributor.organization.slug))

    assert response is not None and response.status == status
    assert axe_violations_in_every_language(page) == {}
