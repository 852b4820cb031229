"""Demo data for `make run` (DEBUG only): an organization with a partly answered draft, a
submitted assessment waiting for the demo assessor and three validated past years, a user per
role, and peer organizations with their own years (assessments.demo_programme)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.access import ASSESSORS_GROUP
from assessments.demo_programme import programme_demo_create
from assessments.enums import OrganizationKind, Role
from assessments.lifecycle import assessment_transition
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea

DEMO_PASSWORD = "diam-demo-2026"
DEMO_ORGANIZATION = "Demo Hospital"
DEMO_AREAS = {"radiology": 120_000, "cardiology": 30_000, "pathology": 15_000, "endoscopy": 8_000}
# A plausible hospital at stage 2 with work under way on stage 3: (criterion, area, status).
DEMO_ANSWERS = [
    ("1.1", "radiology", "met"),
    ("1.1", "cardiology", "met"),
    ("1.1", "pathology", "partial"),
    ("1.1", "endoscopy", "not_met"),
    ("1.2", "radiology", "met"),
    ("2.1", "radiology", "met"),
    ("2.1", "cardiology", "met"),
    ("2.1", "pathology", "not_met"),
    ("2.1", "endoscopy", "na"),
    ("2.2", None, "met"),
    ("3.1", None, "met"),
    ("3.2", None, "partial"),
    ("3.3", "radiology", "met"),
    ("3.4", None, "not_met"),
]


# The assessment waiting for the demo assessor: every required answer given, stage 5 claimed
# (stage 4 held, group A met), a few answers an assessor may well challenge.
SUBMITTED_TITLE = "DIAM self-assessment for validation"
SUBMITTED_AREAS = {"radiology": 95_000, "cardiology": 22_000, "nuclear-medicine": 6_000}
SUBMITTED_STATUSES = {"B.1": "not_met", "B.3": "partial", "C.1": "partial", "C.3": "not_met"}
SUBMITTED_COMMENTS = {
    "3.1": "Enterprise imaging board meets quarterly; charter approved by the executive board.",
    "4.4": "Mobile viewer rolled out to the emergency department only, so far.",
    "A.4": "Patient portal upload pilot with two referring practices.",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


def _user(username: str, **extra: object) -> AbstractUser:
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.example",
            "first_name": username.split("-")[-1].title(),
        },
    )
    for key, value in extra.items():
        setattr(user, key, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user  # type: ignore[return-value]


@transaction.atomic
def demo_data_create() -> list[DemoLogin]:
    catalog = CatalogVersion.objects.get(slug="diam")
    organization, _ = Organization.objects.get_or_create(
        name=DEMO_ORGANIZATION,
        defaults={"slug": "demo-hospital", "country": "DE", "kind": OrganizationKind.HOSPITAL},
    )
    contributor = _user("demo-contributor")
    lead = _user("demo-lead")
    assessor = _user("demo-assessor")
    admin = _user("demo-admin", is_staff=True, is_superuser=True)
    Membership.objects.get_or_create(
        user=contributor, organization=organization, defaults={"role": Role.CONTRIBUTOR}
    )
    Membership.objects.get_or_create(
        user=lead, organization=organization, defaults={"role": Role.LEAD}
    )
    Group.objects.get_or_create(name=ASSESSORS_GROUP)[0].user_set.add(assessor)

    assessment, created = Assessment.objects.get_or_create(
        organization=organization,
        title="DIAM self-assessment 2026",
        defaults={"catalog": catalog, "created_by": lead},
    )
    if created:
        areas = {a.code: a for a in ServiceArea.objects.filter(code__in=DEMO_AREAS)}
        AssessmentArea.objects.bulk_create(
            AssessmentArea(assessment=assessment, service_area=areas[code], annual_volume=volume)
            for code, volume in DEMO_AREAS.items()
        )
        criteria = {c.code: c for c in Criterion.objects.filter(catalog=catalog)}
        bulk_create_with_history(
            [
                Answer(
                    assessment=assessment,
                    criterion=criteria[code],
                    service_area=areas[area] if area else None,
                    status=status,
                    updated_by=contributor,
                )
                for code, area, status in DEMO_ANSWERS
            ],
            Answer,
            default_user=contributor,
        )
    _submitted_assessment(organization, catalog, lead, contributor, assessor, admin)
    # Peers and past years for the charts (benchmarks, history, dashboards).
    second_assessor = _user("demo-assessor-2", first_name="Sam", last_name="Reviewer")
    Group.objects.get(name=ASSESSORS_GROUP).user_set.add(second_assessor)
    programme_demo_create(
        hospital=organization,
        hospital_lead=lead,
        assessors=[assessor, second_assessor],
        now=timezone.now(),
    )
    return [
        DemoLogin("contributor", contributor.username, DEMO_PASSWORD),
        DemoLogin("lead", lead.username, DEMO_PASSWORD),
        DemoLogin("assessor", assessor.username, DEMO_PASSWORD),
        DemoLogin("admin", "demo-admin", DEMO_PASSWORD),
    ]


def _submitted_assessment(
    organization: Organization,
    catalog: CatalogVersion,
    lead: AbstractUser,
    contributor: AbstractUser,
    assessor: AbstractUser,
    admin: AbstractUser,
) -> None:
    """A fully answered assessment, submitted by the lead and assigned to the demo assessor,
    both through the life cycle (assessments.lifecycle)."""
    assessment, created = Assessment.objects.get_or_create(
        organization=organization,
        title=SUBMITTED_TITLE,
        defaults={"catalog": catalog, "created_by": lead},
    )
    if not created:
        return
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=SUBMITTED_AREAS)}
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, service_area=areas[code], annual_volume=volume)
        for code, volume in SUBMITTED_AREAS.items()
    )
    answers = []
    for criterion in Criterion.objects.filter(catalog=catalog, required=True).order_by("order"):
        if criterion.scope == Scope.BASELINE:
            continue
        for area in areas.values() if criterion.scope == Scope.AREA else [None]:
            answers.append(
                Answer(
                    assessment=assessment,
                    criterion=criterion,
                    service_area=area,
                    status=SUBMITTED_STATUSES.get(criterion.code, "met"),
                    comment=SUBMITTED_COMMENTS.get(criterion.code, "") if area is None else "",
                    updated_by=contributor,
                )
            )
    bulk_create_with_history(answers, Answer, default_user=contributor)
    now = timezone.now()
    assessment_transition(assessment=assessment, action="submit", user=lead, now=now)
    assessment_transition(
        assessment=assessment, action="assign", user=admin, now=now, assessor=assessor
    )
