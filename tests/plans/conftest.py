from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group as AuthGroup
from pytest_django.fixtures import Settings

from assessments.access import ASSESSORS_GROUP
from assessments.enums import Role
from assessments.models import Answer, Assessment
from criteria.models import Criterion, ServiceArea
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

BASE = "https://diam.example.org"
AREAS = ["radiology", "cardiology", "pathology"]


@dataclass
class Team:
    assessment: Assessment
    lead: Any
    contributor: Any
    assessor: Any
    admin: Any
    outsider: Any  # a lead of another organization


@pytest.fixture(autouse=True)
def base_url(settings: Settings) -> None:
    settings.DIAM_BASE_URL = BASE + "/"
    settings.TIME_ZONE = "UTC"


def answer(assessment: Assessment, code: str, status: str = "met", area: str | None = None) -> None:
    criterion = Criterion.objects.get(catalog=assessment.catalog, code=code)
    Answer.objects.update_or_create(
        assessment=assessment,
        criterion=criterion,
        service_area=ServiceArea.objects.get(code=area) if area else None,
        defaults={"status": status},
    )


def baseline_answers(assessment: Assessment) -> None:
    """Stage 4 held; A misses A.4; B misses B.4 (met in radiology only, cardiology not met,
    pathology not applicable) and B.5; C has nothing."""
    for criterion in Criterion.objects.filter(
        catalog=assessment.catalog, stage__number__in=[1, 2, 3, 4]
    ):
        for area in AREAS if criterion.scope == "area" else [None]:
            answer(assessment, criterion.code, "met", area)
    for code in ["A.2", "A.3", "B.1", "B.2", "B.3"]:
        answer(assessment, code)
    for area in AREAS:
        answer(assessment, "A.1", "met", area)
    answer(assessment, "A.4", "not_met")
    answer(assessment, "B.4", "met", "radiology")
    answer(assessment, "B.4", "not_met", "cardiology")
    answer(assessment, "B.4", "na", "pathology")


@pytest.fixture
def team(catalog) -> Team:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example", slug="st-example")
    assessment = assessment_with_areas(AREAS, organization=organization, title="Survey 2026")
    baseline_answers(assessment)
    lead = MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="lena", first_name="Lena", last_name="Lead"),
    ).user
    contributor = MembershipFactory(
        organization=organization,
        user=UserFactory(username="carl", first_name="Carl", last_name="Contributor"),
    ).user
    assessor = UserFactory(username="vera")
    assessor.groups.add(AuthGroup.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    Assessment.objects.filter(pk=assessment.pk).update(assessor=assessor)
    admin = UserFactory(username="ada", is_staff=True)
    outsider = MembershipFactory(role=Role.LEAD, user=UserFactory(username="otto")).user
    return Team(assessment, lead, contributor, assessor, admin, outsider)
