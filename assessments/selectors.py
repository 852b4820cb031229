"""Reads on organizations and assessments (selectors), named `<entity>_<action>`."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, QuerySet, Subquery
from django.utils.translation import gettext as _

from assessments import engine
from assessments.access import EDITABLE_STATUSES
from assessments.enums import AssessmentStatus, Role
from assessments.exchange import DocAnswer, DocArea, Document
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from assessments.scoring import catalog_rules
from criteria.models import ServiceArea

if TYPE_CHECKING:
    from assessments.dashboard import OrganizationDashboard


def assessment_document(assessment: Assessment) -> Document:
    """The assessment in the exchange format, in catalog order."""
    organization = assessment.organization
    areas = AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("criterion", "service_area")
        .order_by("criterion__order", "service_area__order")
    )
    return Document(
        organization_name=organization.name,
        country=str(organization.country),
        kind=organization.kind,
        model=assessment.catalog.slug,
        title=assessment.title,
        service_areas=[
            DocArea(code=a.service_area.code, annual_volume=a.annual_volume)
            for a in areas.order_by("service_area__order")
        ],
        answers=[
            DocAnswer(
                criterion=a.criterion.code,
                status=a.status,
                service_area=a.service_area.code if a.service_area else None,
                comment=a.comment,
            )
            for a in answers
        ],
    )


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the home page: an assessment with its computed stage and completion."""

    assessment: Assessment
    stage: int
    answered: int
    required: int
    last_change_at: datetime
    last_change_by: str | None
    # The engine's ways to the next stage, the closest first (the home dashboard's next steps).
    routes: tuple[engine.Route, ...] = ()

    @property
    def is_editable(self) -> bool:
        return self.assessment.status in EDITABLE_STATUSES

    @property
    def percent_step(self) -> int:
        """The completion in steps of 5 %, rounded down (the progress bar's CSS class)."""
        return 5 * (20 * self.answered // self.required) if self.required else 0


@dataclass(frozen=True)
class OrganizationOverview:
    organization: Organization
    role: str | None
    can_manage: bool
    summaries: list[AssessmentSummary]
    # The home page's dashboard of the organization (assessments.dashboard), when built.
    dashboard: "OrganizationDashboard | None" = None

    @property
    def role_label(self) -> str | None:
        return Role(self.role).label if self.role else None


def _display_name(
    username: str | None, first_name: str | None, last_name: str | None
) -> str | None:
    if username is None:
        return None
    full_name = f"{first_name or ''} {last_name or ''}".strip()
    return full_name or username


def assessment_summaries(assessments: Iterable[Assessment]) -> list[AssessmentSummary]:
    """Score and date each assessment in a constant number of queries: the active areas, the
    answers, then one query for the rules of each distinct catalog version."""
    items = list(assessments)
    ids = [assessment.pk for assessment in items]
    areas: dict[int, list[engine.Area]] = defaultdict(list)
    for assessment_id, code, volume in (
        AssessmentArea.objects.filter(assessment_id__in=ids)
        .order_by("service_area__order", "service_area__code")
        .values_list("assessment_id", "service_area__code", "annual_volume")
    ):
        areas[assessment_id].append(engine.Area(code=code, annual_volume=volume))

    answers: dict[int, list[engine.Answer]] = defaultdict(list)
    latest: dict[int, tuple[datetime, str | None]] = {}
    for assessment_id, criterion, area, status, updated_at, *names in Answer.objects.filter(
        assessment_id__in=ids
    ).values_list(
        "assessment_id",
        "criterion__code",
        "service_area__code",
        "status",
        "updated_at",
        "updated_by__username",
        "updated_by__first_name",
        "updated_by__last_name",
    ):
        answers[assessment_id].append(engine.Answer(criterion=criterion, area=area, status=status))
        if assessment_id not in latest or updated_at > latest[assessment_id][0]:
            latest[assessment_id] = (updated_at, _display_name(*names))

    rules = {catalog_id: catalog_rules(catalog_id) for catalog_id in {a.catalog_id for a in items}}
    summaries = []
    for assessment in items:
        result = engine.score(
            rules[assessment.catalog_id], areas[assessment.pk], answers[assessment.pk]
        )
        # The assessment's own changes (areas, status) carry no author: show none for them.
        changed_at, changed_by = assessment.updated_at, None
        if assessment.pk in latest and latest[assessment.pk][0] >= changed_at:
            changed_at, changed_by = latest[assessment.pk]
        summaries.append(
            AssessmentSummary(
                assessment=assessment,
                stage=result.stage,
                answered=result.answered,
                required=result.required,
                last_change_at=changed_at,
                last_change_by=changed_by,
                routes=tuple(engine.next_routes(rules[assessment.catalog_id], result)),
            )
        )
    return summaries


def organization_overviews(
    user: AbstractBaseUser, organizations: Iterable[Organization]
) -> list[OrganizationOverview]:
    """The home page's organizations with the user's role and their scored assessments
    (a constant number of queries, whatever the number of organizations)."""
    items = list(organizations)
    ids = [organization.pk for organization in items]
    roles = dict(
        Membership.objects.filter(user_id=user.pk, organization_id__in=ids).values_list(
            "organization_id", "role"
        )
    )
    by_organization: dict[int, list[AssessmentSummary]] = defaultdict(list)
    for summary in assessment_summaries(
        Assessment.objects.filter(organization_id__in=ids).order_by("-created_at", "-pk")
    ):
        by_organization[summary.assessment.organization_id].append(summary)
    return [
        OrganizationOverview(
            organization=organization,
            role=roles.get(organization.pk),
            can_manage=roles.get(organization.pk) == Role.LEAD or bool(user.is_staff),
            summaries=by_organization[organization.pk],
        )
        for organization in items
    ]


def organization_previous_areas(organization: Organization) -> dict[str, int | None]:
    """Active areas and volumes of the organization's most recently validated assessment, else of
    its most recent one (empty if none): a validated one had its areas checked by an assessor."""
    assessments = Assessment.objects.filter(organization=organization)
    validated = assessments.filter(status=AssessmentStatus.VALIDATED)
    source = validated if validated.exists() else assessments
    latest = source.order_by(F("validated_at").desc(nulls_last=True), "-created_at", "-pk").values(
        "pk"
    )[:1]
    return dict(
        AssessmentArea.objects.filter(assessment=Subquery(latest)).values_list(
            "service_area__code", "annual_volume"
        )
    )


def assessment_title_taken(*, organization_id: int, title: str) -> str | None:
    """The title of the organization's assessment named `title` (in any case), or None."""
    return (
        Assessment.objects.filter(organization_id=organization_id, title__iexact=title.strip())
        .values_list("title", flat=True)
        .first()
    )


def assessment_title_next_free(*, organization: Organization, base: str) -> str:
    """`base` if no assessment of the organization has it, else "base (2)", "base (3)", ..."""
    taken = {
        title.lower()
        for title in Assessment.objects.filter(
            organization=organization, title__istartswith=base
        ).values_list("title", flat=True)
    }
    candidate, number = base, 2
    while candidate.lower() in taken:
        candidate = _("%(title)s (%(number)d)") % {"title": base, "number": number}
        number += 1
    return candidate


def assessment_active_areas(assessment: Assessment) -> dict[str, int | None]:
    return dict(
        AssessmentArea.objects.filter(assessment=assessment).values_list(
            "service_area__code", "annual_volume"
        )
    )


def assessment_area_answer_counts(assessment: Assessment) -> dict[str, int]:
    """Number of answers per service area code (area-scope answers only)."""
    return dict(
        Answer.objects.filter(assessment=assessment, service_area__isnull=False)
        .values("service_area__code")
        .annotate(count=Count("pk"))
        .values_list("service_area__code", "count")
        .order_by()
    )


def organization_member_list(organization: Organization) -> QuerySet[Membership]:
    """Members, leads first, then by name."""
    # "lead" sorts after "contributor": descending puts the leads first.
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-role", "user__last_name", "user__first_name", "user__username")
    )


def service_area_list() -> list[ServiceArea]:
    return list(ServiceArea.objects.order_by("order", "code"))
