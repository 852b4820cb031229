"""Everything the PDF scorecard shows, assembled in a fixed number of queries (six) whatever the
number of active areas and answers.

Which answers count: for a validated assessment, the criteria, the groups and the road map come
from the answers the assessor accepted (an answer not accepted counts as not met, as in the
review); otherwise from the organization's answers as they stand. The answers not accepted appear
once a decision was made (changes requested or validated), as members see them. The assessor's
strengths and recommendations appear for whoever may see them (`access.can_see_findings`). Without
a reader (the admins' bulk ZIP, `render_scorecard`) a scorecard is the organization's: findings
only once validated, because such files are handed on to the organizations; admins and assessors
read unreleased findings on the review page or in their own download.

"Since the previous assessment" compares this scorecard's stage and criteria with the latest
result another assessment of the organization stored before this one was submitted
(history.selectors.history_previous_result): one more query, two when there is one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from assessments import engine
from assessments.access import VERDICTS_VISIBLE_TO_MEMBERS, findings_released
from assessments.enums import AnswerStatus, AssessmentStatus, ResultKind
from assessments.heatmap import Heatmap, heatmap_build
from assessments.models import Answer, Assessment, AssessmentArea, Organization, Verdict
from assessments.scoring import rules_from_criteria
from criteria.enums import CANONICAL_LANGUAGE, RuleKind, Scope
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage
from criteria.rules import rule_text
from criteria.translation import CatalogTranslations, catalog_translations
from history.compare import CriteriaChanges, CriterionState, criteria_changes
from history.selectors import history_previous_result
from plans.models import ImprovementPlan, PlanItem
from plans.selectors import plan_item_list


@dataclass(frozen=True)
class Rung:
    """One stage of the ladder 0–7, drawn from the top (7) down."""

    number: int
    title: str
    reached: bool  # at or below the stage shown in the badge
    current: bool  # the stage shown in the badge
    self_assessed: bool  # the self-assessed stage, marked when it differs from the badge


@dataclass(frozen=True)
class GroupResult:
    code: str
    name: str
    met: bool


@dataclass(frozen=True)
class CriterionLine:
    code: str
    title: str
    required: bool
    is_area: bool
    met: bool
    result: str  # "Met", "Not met", "Partially met", "Not answered"
    detail: str = ""  # area criteria: how many areas met it; a partial answer: not met
    rule: str = ""  # area criteria: the rule, in words
    met_areas: list[str] = field(default_factory=list)  # area names
    not_accepted: bool = False  # an answer of this criterion was not accepted


@dataclass(frozen=True)
class CriteriaPage:
    heading: str  # "Stage 2", "Group A"
    title: str
    held: bool
    held_label: str  # "Stage 2 held", "Group A not met"
    lines: list[CriterionLine]


@dataclass(frozen=True)
class RoadStep:
    """What a stage needs. Each step needs everything the step before needs (the engine's road
    map is cumulative); `lines` lists only what it needs in addition, `total` all of it."""

    stage: int
    lines: list[CriterionLine]
    total: int
    previous: int | None  # the stage of the step before, if any


@dataclass(frozen=True)
class NextRoute:
    """One way to reach the next stage (engine.next_routes): a stage's or a group's criteria."""

    stage: int
    reaches: int  # above `stage` when groups met without stage 4 count once it is held
    group: str  # "Group B: Clinical decision support", or "" for a stage 1–4
    lines: list[CriterionLine]


@dataclass(frozen=True)
class Rejection:
    code: str
    title: str
    area: str  # the service area's name, or "" for an enterprise answer
    status: str  # the answer's status, as a label
    comment: str


@dataclass(frozen=True)
class AreaVolume:
    name: str
    annual_volume: int | None


@dataclass(frozen=True)
class SincePrevious:
    """What changed since the organization's previous submitted or validated assessment."""

    title: str
    recorded_at: datetime  # when its stage was submitted, or validated
    validated: bool
    stage_then: int  # its stage of record (validated, or else self-assessed)
    stage_now: int  # this scorecard's badge
    criteria: CriteriaChanges


@dataclass
class Scorecard:
    assessment: Assessment
    now: datetime
    document_id: str
    badge_stage: int
    badge_label: str  # "Validated stage", "Self-assessed stage", "Stage from the answers so far"
    computed_stage: int  # from the answers this scorecard counts (see `basis`)
    basis: str
    self_assessed_stage: int | None
    validated_stage: int | None
    ladder: list[Rung]  # 7 down to 0
    groups: list[GroupResult]
    groups_without_stage: bool
    answered: int
    required: int
    pages: list[CriteriaPage]
    baseline: list[CriterionLine]  # stage 0: described, not answered
    areas: list[AreaVolume]
    heatmap: Heatmap
    road: list[RoadStep]
    routes: list[NextRoute]  # every way to the next stage, the closest first
    since: SincePrevious | None  # None for the organization's first assessment
    findings_visible: bool  # the strengths and recommendations
    verdicts_visible: bool  # the answers not accepted
    rejections: list[Rejection]
    # The organization's improvement plan (plans), shown in the road map, and its items.
    plan: ImprovementPlan | None = None
    plan_items: list[PlanItem] = field(default_factory=list)

    @property
    def organization(self) -> Organization:
        return self.assessment.organization

    @property
    def catalog(self) -> CatalogVersion:
        return self.assessment.catalog

    @property
    def is_validated(self) -> bool:
        return self.assessment.status == AssessmentStatus.VALIDATED

    @property
    def stages_differ(self) -> bool:
        """Self-assessed and validated stage both known and different: shown side by side."""
        return (
            self.self_assessed_stage is not None
            and self.validated_stage is not None
            and self.self_assessed_stage != self.validated_stage
        )

    @property
    def expires_at(self) -> date | None:
        return self.assessment.expires_at

    @property
    def completion_percent(self) -> int:
        return round(100 * self.answered / self.required) if self.required else 100


def scorecard_load(
    assessment: Assessment, *, now: datetime, show_findings: bool | None = None
) -> Scorecard:
    """The scorecard of an assessment as of `now` (six queries). `show_findings`: may the reader
    see the assessor's strengths and recommendations (`AssessmentAccess.can_see_findings`)?
    Without a reader (None), the organization's view: once the assessment is validated."""
    assessment = Assessment.objects.select_related(
        # The organization's improvement plan comes along; its items cost one query when it has one.
        "organization__improvement_plan",
        "catalog",
        "assessor",
        "validated_by",
    ).get(pk=assessment.pk)
    catalog_id = assessment.catalog_id
    stages = {s.number: s for s in Stage.objects.filter(catalog_id=catalog_id)}
    groups = list(Group.objects.filter(catalog_id=catalog_id))
    criteria = list(
        Criterion.objects.filter(catalog_id=catalog_id)
        .select_related("stage", "group")
        .order_by("order")
    )
    active = list(
        AssessmentArea.objects.filter(assessment=assessment)
        .select_related("service_area")
        .order_by("service_area__order")
    )
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("verdict")
        .order_by("criterion__order", "service_area__order")
    )

    translations = catalog_translations(
        catalog_id, get_language(), revision=assessment.catalog.revision
    )
    _translate_catalog(
        translations,
        stages=list(stages.values()),
        groups=groups,
        criteria=criteria,
        areas=[a.service_area for a in active],
    )

    by_id = {c.pk: c for c in criteria}
    area_by_id = {a.service_area_id: a.service_area for a in active}
    area_names = {a.service_area.code: a.service_area.name for a in active}
    # Answers of criteria outside the catalog or of inactive areas do not count (as in the engine).
    answers = [
        a
        for a in answers
        if a.criterion_id in by_id
        and (a.service_area_id is None or a.service_area_id in area_by_id)
    ]
    verdicts = {a.pk: _verdict(a) for a in answers}
    reviewed = assessment.status == AssessmentStatus.VALIDATED

    def counted_status(answer: Answer) -> str:
        verdict = verdicts[answer.pk]
        if reviewed and verdict is not None and not verdict.accepted:
            return AnswerStatus.NOT_MET
        return answer.status

    rules = rules_from_criteria(criteria)
    score = engine.score(
        rules,
        [engine.Area(a.service_area.code, a.annual_volume) for a in active],
        [
            engine.Answer(
                by_id[a.criterion_id].code,
                counted_status(a),
                area_by_id[a.service_area_id].code if a.service_area_id else None,
            )
            for a in answers
        ],
    )

    rejected_codes = {
        by_id[a.criterion_id].code
        for a in answers
        if (v := verdicts[a.pk]) is not None and not v.accepted
    }
    enterprise_status = {
        by_id[a.criterion_id].code: counted_status(a) for a in answers if a.service_area_id is None
    }
    lines = {
        c.code: _line(c, score.criteria[c.code], enterprise_status, area_names, rejected_codes)
        for c in criteria
        if c.scope != Scope.BASELINE
    }

    pages = _pages(criteria, stages, groups, score, lines)
    badge_stage, badge_label = _badge(assessment, score)
    self_assessed = assessment.self_assessed_stage
    ladder = [
        Rung(
            number=number,
            title=stages[number].title if number in stages else "",
            reached=number <= badge_stage,
            current=number == badge_stage,
            self_assessed=(
                self_assessed is not None
                and self_assessed != badge_stage
                and number == self_assessed
            ),
        )
        for number in range(engine.HIGHEST_STAGE, -1, -1)
    ]
    findings_visible = findings_released(assessment) if show_findings is None else show_findings
    verdicts_visible = assessment.status in VERDICTS_VISIBLE_TO_MEMBERS
    rejections = []
    if verdicts_visible:
        labels = dict(AnswerStatus.choices)
        for answer in answers:
            verdict = verdicts[answer.pk]
            if verdict is None or verdict.accepted:
                continue
            criterion = by_id[answer.criterion_id]
            area = area_by_id.get(answer.service_area_id) if answer.service_area_id else None
            rejections.append(
                Rejection(
                    code=criterion.code,
                    title=criterion.title,
                    area=area.name if area is not None else "",
                    status=str(labels.get(answer.status, answer.status)),
                    comment=verdict.comment,
                )
            )

    area_criteria = [c for c in criteria if c.scope == Scope.AREA]
    heatmap = heatmap_build(
        criteria=[(c.code, c.title) for c in area_criteria],
        areas=[(a.service_area.code, a.service_area.name) for a in active],
        statuses={
            (by_id[a.criterion_id].code, area_by_id[a.service_area_id].code): a.status
            for a in answers
            if a.service_area_id is not None
        },
        dom_id="scorecard-heatmap",
    )
    road: list[RoadStep] = []
    seen: set[str] = set()
    for number, codes in engine.road_map(rules, score):
        road.append(
            RoadStep(
                stage=number,
                lines=[lines[code] for code in codes if code not in seen],
                total=len(codes),
                previous=road[-1].stage if road else None,
            )
        )
        seen.update(codes)
    group_names = {g.code: g.name for g in groups}
    routes = [
        NextRoute(
            stage=route.stage,
            reaches=route.reaches,
            group=(
                ""
                if route.group is None
                else _("Group %(code)s: %(name)s")
                % {"code": route.group, "name": group_names.get(route.group, "")}
            ),
            lines=[lines[code] for code in route.missing],
        )
        for route in engine.next_routes(rules, score)
    ]
    since = _since_previous(assessment, now, badge_stage, list(lines.values()))
    fingerprint = "|".join(
        [
            str(assessment.pk),
            assessment.status,
            str(assessment.validated_stage),
            str(assessment.self_assessed_stage),
            *(
                f"{a.criterion_id}:{a.service_area_id}:{a.status}:{a.version}:{_verdict_key(a)}"
                for a in answers
            ),
            now.isoformat(),
        ]
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:8].upper()
    plan = getattr(assessment.organization, "improvement_plan", None)
    plan_items = plan_item_list(plan=plan) if plan is not None else []
    _translate_catalog(
        translations,
        stages=[],
        groups=[],
        criteria=[i.criterion for i in plan_items if i.criterion.catalog_id == catalog_id],
        areas=[i.service_area for i in plan_items if i.service_area is not None],
    )
    return Scorecard(
        assessment=assessment,
        now=now,
        document_id=f"DIAM-{assessment.pk}-{digest}",
        badge_stage=badge_stage,
        badge_label=badge_label,
        computed_stage=score.stage,
        basis=(
            _(
                "Results from the answers the assessor accepted: an answer not accepted counts "
                "as not met."
            )
            if reviewed
            else _("Results from the organization's answers as they stand.")
        ),
        self_assessed_stage=self_assessed,
        validated_stage=assessment.validated_stage if reviewed else None,
        ladder=ladder,
        groups=[GroupResult(g.code, g.name, score.groups.get(g.code, False)) for g in groups],
        groups_without_stage=any(score.groups.values()) and not score.stages.get(4, False),
        answered=score.answered,
        required=score.required,
        pages=pages,
        baseline=[
            CriterionLine(
                code=c.code,
                title=c.title,
                required=False,
                is_area=False,
                met=False,
                result=_("Baseline, not answered"),
            )
            for c in criteria
            if c.scope == Scope.BASELINE
        ],
        areas=[AreaVolume(a.service_area.name, a.annual_volume) for a in active],
        heatmap=heatmap,
        road=road,
        routes=routes,
        since=since,
        findings_visible=findings_visible,
        verdicts_visible=verdicts_visible,
        rejections=rejections,
        plan=plan,
        plan_items=plan_items,
    )


def _translate_catalog(
    translations: CatalogTranslations,
    *,
    stages: list[Stage],
    groups: list[Group],
    criteria: list[Criterion],
    areas: list[ServiceArea],
) -> None:
    """Give the catalog entries the scorecard shows their text in the active language.

    The instances are this scorecard's own, read for it and never saved, so their fields take
    the translated text (the English wording when a translation is missing), and every line
    built from them below reads it."""
    if translations.language == CANONICAL_LANGUAGE:
        return
    for stage in stages:
        stage.title = str(translations.label(stage, "title"))
    for group in groups:
        group.name = str(translations.label(group, "name"))
    for area in areas:
        area.name = str(translations.label(area, "name"))
    for criterion in criteria:
        wording = translations.criterion(criterion)
        criterion.title, criterion.text, criterion.guidance = (
            wording.title,
            wording.text,
            wording.guidance,
        )


def _since_previous(
    assessment: Assessment, now: datetime, stage_now: int, lines: list[CriterionLine]
) -> SincePrevious | None:
    previous = history_previous_result(assessment=assessment, now=now)
    if previous is None:
        return None
    return SincePrevious(
        title=previous.result.assessment.title,
        recorded_at=previous.result.recorded_at,
        validated=previous.result.kind == ResultKind.VALIDATED,
        stage_then=previous.result.stage,
        stage_now=stage_now,
        criteria=criteria_changes(
            before=previous.criteria,
            after=[CriterionState(line.code, line.title, line.met) for line in lines],
        ),
    )


def _verdict(answer: Answer) -> Verdict | None:
    return getattr(answer, "verdict", None)


def _verdict_key(answer: Answer) -> str:
    verdict = _verdict(answer)
    return "-" if verdict is None else f"{verdict.accepted}:{verdict.comment}"


def _badge(assessment: Assessment, score: engine.ScoreResult) -> tuple[int, str]:
    if assessment.status == AssessmentStatus.VALIDATED and assessment.validated_stage is not None:
        return assessment.validated_stage, _("Validated stage")
    if assessment.self_assessed_stage is not None:
        return assessment.self_assessed_stage, _("Self-assessed stage")
    return score.stage, _("Stage from the answers so far")


def _line(
    criterion: Criterion,
    result: engine.CriterionResult,
    enterprise_status: dict[str, str],
    area_names: dict[str, str],
    rejected_codes: set[str],
) -> CriterionLine:
    not_accepted = criterion.code in rejected_codes
    if criterion.scope != Scope.AREA:
        status = enterprise_status.get(criterion.code)
        if status is None:
            label = _("Not answered")
        else:
            label = str(dict(AnswerStatus.choices).get(status, status))
        return CriterionLine(
            code=criterion.code,
            title=criterion.title,
            required=criterion.required,
            is_area=False,
            met=result.met,
            result=label,
            detail=_("Counts as not met.") if status == AnswerStatus.PARTIAL else "",
            not_accepted=not_accepted,
        )
    if result.answered == 0:
        label = _("Not answered")
    elif result.met:
        label = _("Met")
    else:
        label = _("Not met")
    parts = [
        ngettext(
            "%(met)d of %(counted)d counted service area met it",
            "%(met)d of %(counted)d counted service areas met it",
            result.areas_counted or 0,
        )
        % {"met": result.areas_met or 0, "counted": result.areas_counted or 0}
    ]
    if result.areas_partial:
        parts.append(_("%(n)d partially") % {"n": result.areas_partial})
    if result.areas_na:
        parts.append(_("%(n)d not applicable") % {"n": result.areas_na})
    unanswered = result.expected - result.answered
    if unanswered:
        parts.append(_("%(n)d not answered") % {"n": unanswered})
    if criterion.rule_kind == RuleKind.AT_LEAST_OR_VOLUME and result.volume_share is not None:
        parts.append(
            _("%(share)d%% of the image volume") % {"share": int(result.volume_share * 100)}
        )
    return CriterionLine(
        code=criterion.code,
        title=criterion.title,
        required=criterion.required,
        is_area=True,
        met=result.met,
        result=label,
        detail="; ".join(parts),
        rule=rule_text(criterion),
        met_areas=[area_names.get(code, code) for code in result.met_areas],
        not_accepted=not_accepted,
    )


def _pages(
    criteria: list[Criterion],
    stages: dict[int, Stage],
    groups: list[Group],
    score: engine.ScoreResult,
    lines: dict[str, CriterionLine],
) -> list[CriteriaPage]:
    pages = []
    for number in engine.CUMULATIVE_STAGES:
        codes = [c.code for c in criteria if c.stage is not None and c.stage.number == number]
        if not codes:
            continue
        held = score.stages.get(number, False)
        heading = _("Stage %(number)d") % {"number": number}
        pages.append(
            CriteriaPage(
                heading=heading,
                title=_strip_heading(stages[number].title, heading),
                held=held,
                held_label=(_("Stage %(number)d held") if held else _("Stage %(number)d not held"))
                % {"number": number},
                lines=[lines[code] for code in codes],
            )
        )
    for group in groups:
        codes = [c.code for c in criteria if c.group_id == group.pk]
        if not codes:
            continue
        met = score.groups.get(group.code, False)
        pages.append(
            CriteriaPage(
                heading=_("Group %(code)s") % {"code": group.code},
                title=group.name,
                held=met,
                held_label=(_("Group %(code)s met") if met else _("Group %(code)s not met"))
                % {"code": group.code},
                lines=[lines[code] for code in codes],
            )
        )
    return pages


def _strip_heading(title: str, heading: str) -> str:
    """Stage titles in the catalog start with "Stage N: "; the page shows the heading apart."""
    if title.startswith(heading):
        return title[len(heading) :].lstrip(" :·—-")
    return title
