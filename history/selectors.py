"""An organization's history, read from the stored results (assessments.AssessmentResult and its
rows) and, for the changed answers, from the answers of the two assessments compared.

Each assessment that was submitted has a self-assessed result (at its latest submission) and, once
validated, a validated result. Its result of record is the validated one when there is one. Every
selector runs a fixed number of queries, whatever the number of assessments, areas or answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.enums import ResultKind
from assessments.models import (
    Answer,
    AreaCriterionResult,
    Assessment,
    AssessmentArea,
    AssessmentResult,
    CriterionResult,
)
from history.chart import SELF_ASSESSED, VALIDATED, TimelineInput
from history.compare import (
    AnswerChange,
    AnswerState,
    AreaChanges,
    AreaCriterionState,
    CriteriaChanges,
    CriterionState,
    answer_changes,
    area_changes,
    criteria_changes,
)


@dataclass(frozen=True)
class HistoryEntry:
    """One submitted (or validated) assessment with its stored results."""

    assessment: Assessment
    self_assessed: AssessmentResult | None
    validated: AssessmentResult | None

    @property
    def result(self) -> AssessmentResult:
        """The result of record: the validated one when there is one."""
        result = self.validated or self.self_assessed
        assert result is not None
        return result

    @property
    def stage(self) -> int:
        return self.result.stage

    @property
    def is_validated(self) -> bool:
        return self.validated is not None

    @property
    def submitted_at(self) -> datetime | None:
        return self.self_assessed.recorded_at if self.self_assessed is not None else None

    @property
    def first_recorded_at(self) -> datetime:
        return min(r.recorded_at for r in (self.self_assessed, self.validated) if r is not None)


def history_entry_list(*, assessments: QuerySet[Assessment]) -> list[HistoryEntry]:
    """The assessments among `assessments` that have a stored result, oldest submission first
    (one query)."""
    results = (
        AssessmentResult.objects.filter(assessment__in=assessments)
        .select_related("assessment")
        .order_by("recorded_at", "pk")
    )
    found: dict[int, dict[str, AssessmentResult]] = {}
    for result in results:
        found.setdefault(result.assessment_id, {})[result.kind] = result
    entries = [
        HistoryEntry(
            assessment=next(iter(kinds.values())).assessment,
            self_assessed=kinds.get(ResultKind.SELF_ASSESSED),
            validated=kinds.get(ResultKind.VALIDATED),
        )
        for kinds in found.values()
    ]
    return sorted(entries, key=lambda e: (e.first_recorded_at, e.assessment.pk))


def _day_label(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def history_timeline_inputs(*, entries: Sequence[HistoryEntry]) -> list[TimelineInput]:
    """The points of the time line: each stored result at its local date."""
    points = []
    for entry in entries:
        for kind, result in ((SELF_ASSESSED, entry.self_assessed), (VALIDATED, entry.validated)):
            if result is not None:
                points.append(
                    TimelineInput(
                        assessment_id=entry.assessment.pk,
                        title=entry.assessment.title,
                        kind=kind,
                        day=timezone.localtime(result.recorded_at).date(),
                        day_label=_day_label(result.recorded_at),
                        stage=result.stage,
                    )
                )
    return points


def history_choice_label(entry: HistoryEntry) -> str:
    """How a select names an assessment: its title, stage of record and date."""
    values = {
        "title": entry.assessment.title,
        "stage": entry.stage,
        "date": _day_label(entry.result.recorded_at),
    }
    if entry.is_validated:
        return _("%(title)s — validated stage %(stage)d (%(date)s)") % values
    return _("%(title)s — self-assessed stage %(stage)d (%(date)s)") % values


@dataclass(frozen=True)
class Comparison:
    before: HistoryEntry
    after: HistoryEntry
    criteria: CriteriaChanges
    areas: list[AreaChanges]
    answers: list[AnswerChange]


def _criterion_states(result_ids: Sequence[int]) -> dict[int, list[CriterionState]]:
    rows = (
        CriterionResult.objects.filter(result_id__in=result_ids)
        .order_by("criterion__order", "criterion__code")
        .values_list("result_id", "criterion__code", "criterion__title", "met")
    )
    states: dict[int, list[CriterionState]] = {pk: [] for pk in result_ids}
    for result_id, code, title, met in rows:
        states[result_id].append(CriterionState(code, title, met))
    return states


def assessment_comparison(*, before: HistoryEntry, after: HistoryEntry) -> Comparison:
    """What changed from `before` to `after` (three queries): criteria and service areas from
    their results of record, answers from their answers as they stand (only those of active
    service areas, as the engine counts them)."""
    result_ids = [before.result.pk, after.result.pk]
    criteria = _criterion_states(result_ids)

    areas: dict[int, list[AreaCriterionState]] = {pk: [] for pk in result_ids}
    area_rows = AreaCriterionResult.objects.filter(result_id__in=result_ids).values_list(
        "result_id",
        "service_area__code",
        "service_area__name",
        "service_area__order",
        "criterion__code",
        "criterion__title",
        "criterion__order",
        "status",
        "met",
    )
    for result_id, area, area_name, area_order, code, title, order, status, met in area_rows:
        areas[result_id].append(
            AreaCriterionState(area, area_name, code, title, status, met, (area_order, order))
        )

    assessment_ids = [before.assessment.pk, after.assessment.pk]
    active = AssessmentArea.objects.filter(
        assessment=OuterRef("assessment"), service_area=OuterRef("service_area")
    )
    answer_rows = Answer.objects.filter(
        Q(service_area__isnull=True) | Q(Exists(active)), assessment_id__in=assessment_ids
    ).values_list(
        "assessment_id",
        "criterion__code",
        "criterion__title",
        "criterion__order",
        "service_area__code",
        "service_area__name",
        "service_area__order",
        "status",
        "comment",
    )
    answers: dict[int, list[AnswerState]] = {pk: [] for pk in assessment_ids}
    for (
        assessment_id,
        code,
        title,
        order,
        area,
        area_name,
        area_order,
        status,
        comment,
    ) in answer_rows:
        answers[assessment_id].append(
            AnswerState(
                code, title, area, area_name or "", status, comment, (order, area_order or 0)
            )
        )

    return Comparison(
        before=before,
        after=after,
        criteria=criteria_changes(
            before=criteria[before.result.pk], after=criteria[after.result.pk]
        ),
        areas=area_changes(before=areas[before.result.pk], after=areas[after.result.pk]),
        answers=answer_changes(
            before=answers[before.assessment.pk], after=answers[after.assessment.pk]
        ),
    )


@dataclass(frozen=True)
class PreviousResult:
    result: AssessmentResult  # with its assessment
    criteria: list[CriterionState]


def history_previous_result(*, assessment: Assessment, now: datetime) -> PreviousResult | None:
    """The latest result another assessment of the organization recorded before this one was
    submitted (before `now` for one not submitted yet): the stage and criteria this assessment
    is compared with. None for an organization's first assessment (one or two queries)."""
    reference = assessment.submitted_at or now
    result = (
        AssessmentResult.objects.filter(
            assessment__organization_id=assessment.organization_id, recorded_at__lt=reference
        )
        .exclude(assessment_id=assessment.pk)
        .select_related("assessment")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if result is None:
        return None
    return PreviousResult(result=result, criteria=_criterion_states([result.pk])[result.pk])
