"""An organization's dashboard on the home page: its stage on the ladder (validated and
self-assessed), the completion and the next steps of its latest assessment, the trend of its
stored results and its position among peers (given by benchmarks, which the view asks).

One query for the stored results of every organization of the page, whatever their number;
the rest comes from the home page's summaries (assessments.selectors).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from assessments import engine
from assessments.enums import AssessmentStatus, ResultKind
from assessments.home_charts import (
    Ladder,
    Sparkline,
    TrendPoint,
    ladder_build,
    sparkline_build,
)
from assessments.models import AssessmentResult
from assessments.selectors import AssessmentSummary, OrganizationOverview

if TYPE_CHECKING:
    from benchmarks.selectors import PeerPosition

# The trend shows this many of the latest assessments with a stored result.
TREND_LENGTH = 6


@dataclass(frozen=True)
class ValidatedStage:
    assessment_id: int
    stage: int
    expires_at: date


@dataclass(frozen=True)
class OrganizationDashboard:
    latest: AssessmentSummary | None  # the organization's most recent assessment
    validated: ValidatedStage | None  # the latest validation in force
    ladder: Ladder
    trend: list[TrendPoint]
    sparkline: Sparkline | None
    position: "PeerPosition | None"

    @property
    def next_route(self) -> engine.Route | None:
        return self.latest.routes[0] if self.latest and self.latest.routes else None

    @property
    def other_routes(self) -> int:
        return len(self.latest.routes) - 1 if self.latest and self.latest.routes else 0


def _results(
    organization_ids: list[int], today: date
) -> tuple[dict[int, list[TrendPoint]], dict[int, ValidatedStage]]:
    """Per organization: one trend point per assessment with a stored result (its validated
    stage, else its self-assessed one), oldest first; and its latest validation in force."""
    per_assessment: dict[int, dict[int, TrendPoint]] = defaultdict(dict)
    validated: dict[int, ValidatedStage] = {}
    rows = (
        AssessmentResult.objects.filter(assessment__organization_id__in=organization_ids)
        .order_by("recorded_at", "pk")
        .values_list(
            "assessment__organization_id",
            "assessment_id",
            "assessment__title",
            "kind",
            "stage",
            "assessment__status",
            "assessment__expires_at",
        )
    )
    for organization_id, assessment_id, title, kind, stage, status, expires_at in rows:
        is_validated = kind == ResultKind.VALIDATED
        points = per_assessment[organization_id]
        if is_validated or assessment_id not in points:
            # A validation replaces the self-assessment at its place in the trend.
            points[assessment_id] = TrendPoint(label=title, stage=stage, validated=is_validated)
        if (
            is_validated
            and status == AssessmentStatus.VALIDATED
            and expires_at is not None
            and expires_at >= today
        ):
            validated[organization_id] = ValidatedStage(assessment_id, stage, expires_at)
    trends = {
        organization_id: list(points.values())[-TREND_LENGTH:]
        for organization_id, points in per_assessment.items()
    }
    return trends, validated


def organization_dashboards_attach(
    *,
    overviews: Sequence[OrganizationOverview],
    positions: Mapping[int, "PeerPosition"],
    today: date,
) -> list[OrganizationOverview]:
    """The overviews, each with its dashboard."""
    trends, validated = _results([o.organization.pk for o in overviews], today)
    result = []
    for overview in overviews:
        organization_id = overview.organization.pk
        latest = overview.summaries[0] if overview.summaries else None
        in_force = validated.get(organization_id)
        trend = trends.get(organization_id, [])
        dashboard = OrganizationDashboard(
            latest=latest,
            validated=in_force,
            ladder=ladder_build(
                validated=in_force.stage if in_force else None,
                self_assessed=latest.stage if latest else None,
                dom_id=f"ladder-{organization_id}",
            ),
            trend=trend,
            sparkline=sparkline_build(points=trend, dom_id=f"trend-{organization_id}"),
            position=positions.get(organization_id),
        )
        result.append(replace(overview, dashboard=dashboard))
    return result
