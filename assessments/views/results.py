"""The Results page: the whole score explained, with a heat map.

Everything comes from the loaded workspace (a fixed number of queries whatever the number of
areas); the helpers below only arrange the engine's result for the template.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import engine
from assessments.access import assessment_access
from assessments.engine import CriterionResult
from assessments.enums import AnswerStatus
from assessments.heatmap import Heatmap, heatmap_build
from assessments.scoring import rules_from_criteria
from assessments.sections import Section
from assessments.workspace import Blocking, Workspace, workspace_load
from criteria.enums import RuleKind, Scope
from criteria.models import Criterion
from criteria.rules import rule_text
from criteria.translation import CatalogTranslations, catalog_translations


@dataclass
class AreaList:
    status: str
    label: str
    names: list[str]


@dataclass
class CriterionExplanation:
    criterion: Criterion
    result: CriterionResult
    url: str
    rule: str
    area_lists: list[AreaList] = field(default_factory=list)
    areas_unanswered: int = 0
    volume_threshold: int | None = None

    @property
    def is_area(self) -> bool:
        return self.criterion.scope == Scope.AREA


@dataclass
class SectionExplanation:
    section: Section
    stage: int | None  # stage number, or None for a group
    group: str | None
    title: str  # "Stage 1: Specialized imaging systems", "Group A · External image exchange…"
    held: bool
    own_met: bool  # every required criterion of this section is met
    items: list[CriterionExplanation]


def _area_lists(workspace: Workspace, criterion: Criterion) -> tuple[list[AreaList], int]:
    labels = dict(AnswerStatus.choices)
    names: dict[str, list[str]] = {status: [] for status in AnswerStatus.values}
    unanswered = []
    for area in workspace.areas:
        answer = workspace.answers.get((criterion.pk, area.pk))
        if answer is None:
            unanswered.append(area.name)
        else:
            names[answer.status].append(area.name)
    lists = [
        AreaList(status=status, label=str(labels[status]), names=names[status])
        for status in AnswerStatus.values
        if names[status]
    ]
    if unanswered:
        lists.append(AreaList(status="unanswered", label=_("Not answered"), names=unanswered))
    return lists, len(unanswered)


def _translations(workspace: Workspace) -> CatalogTranslations:
    """The catalog's translations in the page's language (no query once the process has them)."""
    catalog = workspace.access.assessment.catalog
    return catalog_translations(catalog.pk, get_language(), revision=catalog.revision)


def _section_title(section: Section) -> str:
    # Stage titles in the catalog already start with "Stage N"; group names do not.
    if section.title.startswith(section.heading):
        return section.title
    return f"{section.heading} · {section.title}"


def _explain(workspace: Workspace) -> list[SectionExplanation]:
    score = workspace.score
    explained = []
    for section in workspace.sections:
        items = []
        for criterion in section.criteria:
            result = score.criteria[criterion.code]
            item = CriterionExplanation(
                criterion=criterion,
                result=result,
                url=workspace.criterion_url(criterion.code),
                rule=rule_text(criterion),
            )
            if criterion.scope == Scope.AREA:
                item.area_lists, item.areas_unanswered = _area_lists(workspace, criterion)
                if criterion.rule_kind == RuleKind.AT_LEAST_OR_VOLUME:
                    item.volume_threshold = criterion.rule_volume_share_percent or 100
            items.append(item)
        first = section.criteria[0]
        stage = first.stage.number if first.stage is not None else None
        group = first.group.code if first.group is not None else None
        held = (
            score.stages.get(stage, False) if stage is not None else score.groups.get(group or "")
        )
        explained.append(
            SectionExplanation(
                section=section,
                title=_section_title(section),
                stage=stage,
                group=group,
                held=held,
                own_met=all(i.result.met for i in items if i.criterion.required),
                items=items,
            )
        )
    return explained


@dataclass
class NextRoute:
    """One way to the next stage (engine.next_routes), with the criteria to link to."""

    stage: int
    reaches: int
    group: str | None  # "Group B: Results distribution", None for a stage 1–4
    items: list[Blocking]


def _next_routes(workspace: Workspace) -> list[NextRoute]:
    criteria = [c for section in workspace.sections for c in section.criteria]
    translations = _translations(workspace)
    titles = {c.code: translations.criterion(c).title for c in criteria}
    groups = {
        c.group.code: str(translations.label(c.group, "name"))
        for c in criteria
        if c.group is not None
    }
    return [
        NextRoute(
            stage=route.stage,
            reaches=route.reaches,
            group=(
                None
                if route.group is None
                else _("Group %(code)s: %(name)s")
                % {"code": route.group, "name": groups.get(route.group, "")}
            ),
            items=[
                Blocking(code=code, title=titles.get(code, ""), url=workspace.criterion_url(code))
                for code in route.missing
            ],
        )
        for route in engine.next_routes(rules_from_criteria(criteria), workspace.score)
    ]


def _heatmap(workspace: Workspace) -> Heatmap:
    criteria = [c for s in workspace.sections for c in s.criteria if c.scope == Scope.AREA]
    wording = _translations(workspace).criterion
    statuses = {}
    for criterion in criteria:
        for area in workspace.areas:
            answer = workspace.answers.get((criterion.pk, area.pk))
            if answer is not None:
                statuses[(criterion.code, area.code)] = answer.status
    return heatmap_build(
        criteria=[(c.code, wording(c).title) for c in criteria],
        areas=[(a.code, a.name) for a in workspace.areas],
        statuses=statuses,
    )


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    workspace = workspace_load(access)
    score = workspace.score
    completion = round(100 * score.answered / score.required) if score.required else 100
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": None,
        "page": "results",
        "explained": _explain(workspace),
        "heatmap": _heatmap(workspace),
        "routes": _next_routes(workspace),
        "completion": completion,
        # Groups met while stage 4 is not held: reported, but they do not raise the stage.
        "groups_without_stage": any(score.groups.values()) and not score.stages.get(4, False),
    }
    return render(request, "assessments/results.html", context)
