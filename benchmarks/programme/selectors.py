"""The programme dashboard's figures (admins): every organization, read-only.

Counts come from SQL aggregates: assessments by status, the stages of the stored validated
results in force (one per organization, as the benchmarks count them), the assessors' open
reviews and decision times, the validations about to expire. A fixed number of queries,
whatever the number of organizations and assessments.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django_countries import countries

from assessments.enums import AssessmentStatus
from assessments.expiry import expiring_assessment_list
from assessments.models import Assessment, Organization
from assessments.notifications import user_display_name
from benchmarks.selectors import STAGES, StageCount, benchmark_result_list

# Reviews an assessor has open: waiting to start, or under way.
OPEN_REVIEW_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW)
# An assessor's decision on a submission.
DECISION_STATUSES = (AssessmentStatus.CHANGES_REQUESTED, AssessmentStatus.VALIDATED)
EXPIRY_WINDOW_DAYS = 90


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CountryStages:
    country: str
    name: str
    counts: tuple[int, ...]  # organizations at stage 0..7

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class AssessorLoad:
    name: str
    open_reviews: int
    decisions: int
    median_days: float | None  # from submission to decision; None without decisions


@dataclass(frozen=True)
class ExpiringValidation:
    assessment: Assessment
    days_left: int


@dataclass(frozen=True)
class Programme:
    organizations: int
    organizations_validated: int  # with a validation in force
    statuses: list[StatusCount]
    stages: list[StageCount]
    countries: list[CountryStages]
    assessors: list[AssessorLoad]
    expiring: list[ExpiringValidation]

    @property
    def assessments(self) -> int:
        return sum(item.count for item in self.statuses)


def _statuses() -> list[StatusCount]:
    counts = dict(Assessment.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        StatusCount(status, str(label), counts.get(status, 0))
        for status, label in AssessmentStatus.choices
    ]


def _stages(today: date) -> tuple[list[StageCount], list[CountryStages]]:
    by_country: dict[str, list[int]] = defaultdict(lambda: [0] * len(STAGES))
    for country, stage, count in (
        benchmark_result_list(today=today, include_self_assessed=False)
        .order_by()
        .values_list("assessment__organization__country", "stage")
        .annotate(n=Count("pk"))
    ):
        by_country[country][stage] += count
    overall = [sum(counts[stage] for counts in by_country.values()) for stage in STAGES]
    total = sum(overall)
    stages = [
        StageCount(
            stage=stage,
            count=count,
            percent=round(100 * count / total) if total else 0,
            is_own=False,
        )
        for stage, count in zip(STAGES, overall, strict=True)
    ]
    rows = [
        CountryStages(code, str(countries.name(code)), tuple(counts))
        for code, counts in by_country.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.name))
    return stages, rows


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86_400


def _assessors() -> list[AssessorLoad]:
    """Open reviews per assessor, and the median days from a submission to the assessor's
    decision (changes requested or validated), read from the assessments' history: the first
    history row of each submission in a decided status is the decision."""
    open_reviews = dict(
        Assessment.objects.filter(status__in=OPEN_REVIEW_STATUSES, assessor__isnull=False)
        .order_by()
        .values_list("assessor_id")
        .annotate(n=Count("pk"))
    )
    decisions = (
        Assessment.history.filter(
            status__in=DECISION_STATUSES, submitted_at__isnull=False, assessor__isnull=False
        )
        .order_by()
        .values_list("id", "submitted_at")
        .annotate(decided_at=Min("history_date"), assessor_id=Min("assessor_id"))
    )
    days: dict[int, list[float]] = defaultdict(list)
    for _id, submitted_at, decided_at, assessor_id in decisions:
        days[assessor_id].append(_days(submitted_at, decided_at))
    users = get_user_model().objects.filter(pk__in={*open_reviews, *days})
    loads = [
        AssessorLoad(
            name=user_display_name(user),
            open_reviews=open_reviews.get(user.pk, 0),
            decisions=len(days[user.pk]),
            median_days=round(statistics.median(days[user.pk]), 1) if days[user.pk] else None,
        )
        for user in users
    ]
    loads.sort(key=lambda load: (-load.open_reviews, load.name))
    return loads


def validation_expiring_list(*, today: date, days: int) -> list[ExpiringValidation]:
    """Validations expiring from today to `days` days ahead that are still the latest of their
    organization (a newer validation replaces them), the soonest first."""
    return [
        ExpiringValidation(assessment, (assessment.expires_at - today).days)
        for assessment in expiring_assessment_list(today=today, days=days)
        if assessment.expires_at is not None
    ]


def programme_overview(*, today: date) -> Programme:
    """The dashboard's figures, in seven queries."""
    stages, by_country = _stages(today)
    return Programme(
        organizations=Organization.objects.count(),
        organizations_validated=sum(item.count for item in stages),
        statuses=_statuses(),
        stages=stages,
        countries=by_country,
        assessors=_assessors(),
        expiring=validation_expiring_list(today=today, days=EXPIRY_WINDOW_DAYS),
    )
