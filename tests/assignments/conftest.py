from dataclasses import dataclass
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from assessments.enums import Role
from assessments.models import Assessment
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

BASE = "https://diam.example.org"


@dataclass
class Team:
    assessment: Assessment
    lead: Any
    contributor: Any
    outsider: Any  # a lead of another organization


@pytest.fixture(autouse=True)
def base_url(settings: Settings) -> None:
    settings.DIAM_BASE_URL = BASE + "/"
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def team(catalog) -> Team:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="Survey 2026"
    )
    lead = MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="lena", first_name="Lena", last_name="Lead"),
    ).user
    contributor = MembershipFactory(
        organization=organization,
        user=UserFactory(username="carl", first_name="Carl", last_name="Contributor"),
    ).user
    outsider = MembershipFactory(role=Role.LEAD, user=UserFactory(username="otto")).user
    return Team(assessment, lead, contributor, outsider)
