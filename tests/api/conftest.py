"""The API tests' world: an organization with a lead and a contributor, a member of another
organization, the assessor assigned to its assessment, an admin, and anonymous."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from assessments.enums import Role
from criteria.models import CatalogVersion
from tests.api.helpers import AREAS, World
from tests.assessments.review_factories import assessor_user
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)


@pytest.fixture(autouse=True)
def _throttle_counts_cleared() -> Iterator[None]:
    """Throttling counts requests in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(catalog: CatalogVersion) -> World:
    organization = OrganizationFactory(name="St. Example Hospital", slug="st-example")
    other = OrganizationFactory(name="Elsewhere Clinic", slug="elsewhere")
    lead = MembershipFactory(organization=organization, role=Role.LEAD).user
    contributor = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    outsider = MembershipFactory(organization=other, role=Role.LEAD).user
    assessor = assessor_user()
    admin = UserFactory(is_staff=True)
    # The assessor's assignment is set directly: what access rules look at is the assessor,
    # whatever the status (the life cycle's own tests cover how it is set).
    assessment = assessment_with_areas(
        AREAS, organization=organization, assessor=assessor, title="DIAM 2026"
    )
    other_assessment = assessment_with_areas(AREAS, organization=other, title="Other 2026")
    return World(
        organization=organization,
        other_organization=other,
        assessment=assessment,
        other_assessment=other_assessment,
        lead=lead,
        contributor=contributor,
        outsider=outsider,
        assessor=assessor,
        admin=admin,
    )


@pytest.fixture
def api() -> Callable[[Any], APIClient]:
    """A client authenticated as the user (None: anonymous). Token authentication itself is
    tested in test_tokens.py and the external client test."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
