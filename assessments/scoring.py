"""The thin layer between the database and the pure stage engine."""

from collections.abc import Iterable

from assessments import engine
from assessments.models import Answer, Assessment, AssessmentArea
from criteria.models import Criterion


def rules_from_criteria(criteria: Iterable[Criterion]) -> engine.Catalog:
    """Engine rules for criteria fetched with `select_related("stage", "group")`."""
    return engine.Catalog.build(
        engine.CriterionRule(
            code=criterion.code,
            scope=criterion.scope,
            kind=criterion.rule_kind,
            required=criterion.required,
            stage=criterion.stage.number if criterion.stage is not None else None,
            group=criterion.group.code if criterion.group is not None else None,
            min_areas=criterion.rule_min_areas,
            volume_share_percent=criterion.rule_volume_share_percent,
        )
        for criterion in criteria
    )


def catalog_rules(catalog_id: int) -> engine.Catalog:
    return rules_from_criteria(
        Criterion.objects.filter(catalog_id=catalog_id).select_related("stage", "group")
    )


def engine_areas(areas: Iterable[AssessmentArea]) -> list[engine.Area]:
    """Engine areas for assessment areas fetched with `select_related("service_area")`."""
    return [engine.Area(code=a.service_area.code, annual_volume=a.annual_volume) for a in areas]


def engine_answers(assessment: Assessment, *, accepted_only: bool = False) -> list[engine.Answer]:
    """The assessment's answers for the engine, in one query; with `accepted_only`, as the
    assessor's verdicts let them count (see `accepted_status`)."""
    answers = Answer.objects.filter(assessment=assessment)
    if not accepted_only:
        return [
            engine.Answer(criterion=code, area=area, status=status)
            for code, area, status in answers.values_list(
                "criterion__code", "service_area__code", "status"
            )
        ]
    return [
        engine.Answer(criterion=code, area=area, status=accepted_status(status, accepted))
        for code, area, status, accepted in answers.values_list(
            "criterion__code", "service_area__code", "status", "verdict__accepted"
        )
    ]


def assessment_score(assessment: Assessment) -> engine.ScoreResult:
    """Score an assessment from the database in three queries."""
    rules = catalog_rules(assessment.catalog_id)
    areas = engine_areas(
        AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    )
    return engine.score(rules, areas, engine_answers(assessment))


def accepted_status(status: str, accepted: bool | None) -> str:
    """An answer's status as the assessor's verdicts let it count: only an answer the assessor
    accepted keeps its status; an answer not accepted, or without a verdict yet, counts as not
    met. That includes `na`: an area the assessor did not accept as not applicable stays in the
    denominator of the majority and volume rules, as a not-met area."""
    return status if accepted else engine.NOT_MET


def assessment_accepted_score(assessment: Assessment) -> engine.ScoreResult:
    """The engine run on the accepted answers only (see `accepted_status`), in three queries."""
    rules = catalog_rules(assessment.catalog_id)
    areas = engine_areas(
        AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    )
    return engine.score(rules, areas, engine_answers(assessment, accepted_only=True))
