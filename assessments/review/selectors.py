"""Reads of the review: the review page, the review queue, and what the organization sees of
the review. Each reads in a fixed number of queries, whatever the number of assessments, areas
or answers.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from assessments import engine
from assessments.access import ASSESSORS_GROUP, review_queue_for_user
from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, AssessmentArea, Evidence, Verdict
from assessments.scoring import accepted_status, rules_from_criteria
from assessments.sections import Section
from assessments.survey_forms import slot_key
from assessments.workspace import Blocking, Workspace, evidence_by_answer
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea
from criteria.translation import catalog_translations

# The review page ------------------------------------------------------------------


@dataclass
class ReviewItem:
    """One answer slot on the review page."""

    criterion: Criterion
    area: ServiceArea | None
    answer: Answer | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"v-{self.answer.pk}" if self.answer is not None else ""

    @property
    def verdict(self) -> Verdict | None:
        return getattr(self.answer, "verdict", None) if self.answer is not None else None

    @property
    def changed_since_verdict(self) -> bool:
        """The organization changed the answer after the verdict (changes requested)."""
        verdict = self.verdict
        return (
            verdict is not None
            and self.answer is not None
            and self.answer.updated_at > verdict.updated_at
        )

    def shown_by(self, show: str) -> bool:
        """Does the review page's filter (`show`, see REVIEW_FILTERS) keep this answer?"""
        if show == SHOW_CHANGED:
            return self.changed_since_verdict
        if show == SHOW_WITHOUT:
            return self.answer is not None and self.verdict is None
        return True


# The review page's filters (query parameter "show"): every answer when empty.
SHOW_CHANGED = "changed"
SHOW_WITHOUT = "without"
REVIEW_FILTERS = (SHOW_CHANGED, SHOW_WITHOUT)


@dataclass
class ReviewCriterion:
    criterion: Criterion
    items: list[ReviewItem]


@dataclass
class ReviewSection:
    section: Section
    criteria: list[ReviewCriterion]
    # Answers of the whole section without a verdict yet (whatever the filter shows).
    remaining: int = 0

    @property
    def title(self) -> str:
        # Stage titles in the catalog already start with "Stage N"; group names do not.
        section = self.section
        if section.title.startswith(section.heading):
            return section.title
        return f"{section.heading} · {section.title}"

    @property
    def items(self) -> list[ReviewItem]:
        return [item for c in self.criteria for item in c.items]


@dataclass
class Review:
    workspace: Workspace
    sections: list[ReviewSection]
    accepted: engine.ScoreResult
    accepted_blocking: list[Blocking]
    answers: int
    verdicts: int
    not_accepted: int

    @property
    def self_assessed_blocking(self) -> list[Blocking]:
        return self.workspace.blocking

    @property
    def without_verdict(self) -> int:
        return self.answers - self.verdicts

    def section(self, slug: str) -> ReviewSection | None:
        return next((s for s in self.sections if s.section.slug == slug), None)


def review_filter(review: Review, *, show: str) -> list[ReviewSection]:
    """The review's sections with only the answers the filter `show` keeps (every section stays,
    possibly empty; the review's counts still cover every answer). No query."""
    if not show:
        return review.sections
    sections = []
    for section in review.sections:
        criteria = []
        for entry in section.criteria:
            items = [item for item in entry.items if item.shown_by(show)]
            if items:
                criteria.append(ReviewCriterion(criterion=entry.criterion, items=items))
        sections.append(
            ReviewSection(section=section.section, criteria=criteria, remaining=section.remaining)
        )
    return sections


def workspace_accepted_score(
    workspace: Workspace, volumes: dict[int, int | None]
) -> engine.ScoreResult:
    """The stage from accepted answers only (see scoring.accepted_status), from the loaded
    workspace and the areas' annual volumes (service area id -> volume): no query."""
    criteria = [c for section in workspace.sections for c in section.criteria]
    codes = {c.pk: c.code for c in criteria}
    area_codes = {area.pk: area.code for area in workspace.areas}
    return engine.score(
        rules_from_criteria(criteria),
        [engine.Area(area.code, volumes.get(area.pk)) for area in workspace.areas],
        [
            engine.Answer(
                codes[criterion_id],
                accepted_status(answer.status, _accepted(answer)),
                area_codes.get(area_id),
            )
            for (criterion_id, area_id), answer in workspace.answers.items()
            if criterion_id in codes and (area_id is None or area_id in area_codes)
        ],
    )


def _accepted(answer: Answer) -> bool | None:
    verdict = getattr(answer, "verdict", None)
    return None if verdict is None else verdict.accepted


def review_load(workspace: Workspace) -> Review:
    """Everything the review page shows: the loaded workspace, plus two queries (the areas'
    volumes and the evidence files) whatever the number of areas and answers."""
    volumes = dict(
        AssessmentArea.objects.filter(assessment=workspace.assessment).values_list(
            "service_area_id", "annual_volume"
        )
    )
    answer_ids = [a.pk for a in workspace.answers.values()]
    files = evidence_by_answer(answer_ids)
    sections = []
    answers = verdicts = not_accepted = 0
    for section in workspace.sections:
        criteria = []
        for criterion in section.criteria:
            areas: list[ServiceArea | None] = (
                list(workspace.areas) if criterion.scope == Scope.AREA else [None]
            )
            items = []
            for area in areas:
                answer = workspace.answers.get((criterion.pk, area.pk if area else None))
                item = ReviewItem(
                    criterion=criterion,
                    area=area,
                    answer=answer,
                    evidence=files.get(answer.pk, []) if answer is not None else [],
                )
                items.append(item)
                if answer is not None:
                    answers += 1
                    if item.verdict is not None:
                        verdicts += 1
                        not_accepted += not item.verdict.accepted
            criteria.append(ReviewCriterion(criterion=criterion, items=items))
        remaining = sum(
            1 for c in criteria for i in c.items if i.answer is not None and i.verdict is None
        )
        sections.append(ReviewSection(section=section, criteria=criteria, remaining=remaining))
    accepted = workspace_accepted_score(workspace, volumes)
    catalog = workspace.access.assessment.catalog
    wording = catalog_translations(catalog.pk, get_language(), revision=catalog.revision).criterion
    titles = {c.code: wording(c).title for s in workspace.sections for c in s.criteria}
    return Review(
        workspace=workspace,
        sections=sections,
        accepted=accepted,
        accepted_blocking=[
            Blocking(code=code, title=titles.get(code, ""), url=workspace.criterion_url(code))
            for code in accepted.missing
        ],
        answers=answers,
        verdicts=verdicts,
        not_accepted=not_accepted,
    )


# The review queue -----------------------------------------------------------------

# Sort keys offered on the queue page -> database ordering (then the submission date).
QUEUE_ORDERINGS: dict[str, tuple[object, ...]] = {
    "submitted": (F("submitted_at").asc(nulls_last=True),),
    "-submitted": (F("submitted_at").desc(nulls_last=True),),
    "organization": ("organization__name",),
    "-organization": ("-organization__name",),
    "country": ("organization__country", "organization__name"),
    "-country": ("-organization__country", "organization__name"),
    "stage": (F("self_assessed_stage").asc(nulls_last=True),),
    "-stage": (F("self_assessed_stage").desc(nulls_last=True),),
    "status": ("status",),
    "-status": ("-status",),
    "assignee": (F("assessor__username").asc(nulls_first=True),),
    "-assignee": (F("assessor__username").desc(nulls_last=True),),
}
# Oldest submission first: the one waiting longest.
DEFAULT_QUEUE_ORDERING = "submitted"
UNASSIGNED = "none"
MINE = "me"


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    country: str = ""
    stage: int | None = None
    # "" (anyone), MINE, UNASSIGNED, or an assessor's primary key.
    assignee: str = ""


def review_queue(
    user: AbstractBaseUser | AnonymousUser,
    filters: QueueFilters = QueueFilters(),
    ordering: str = DEFAULT_QUEUE_ORDERING,
) -> QuerySet[Assessment]:
    """The user's review queue (see access.review_queue_for_user), filtered and sorted, with
    what the queue page shows joined in (one query for any number of rows)."""
    queue = review_queue_for_user(user).select_related("organization", "assessor")
    if filters.status:
        queue = queue.filter(status=filters.status)
    if filters.country:
        queue = queue.filter(organization__country=filters.country)
    if filters.stage is not None:
        queue = queue.filter(self_assessed_stage=filters.stage)
    if filters.assignee == MINE:
        queue = queue.filter(assessor_id=user.pk)
    elif filters.assignee == UNASSIGNED:
        queue = queue.filter(assessor__isnull=True)
    elif filters.assignee:
        queue = queue.filter(assessor_id=int(filters.assignee))
    order = QUEUE_ORDERINGS.get(ordering, QUEUE_ORDERINGS[DEFAULT_QUEUE_ORDERING])
    # Ties: the submission waiting longest first.
    return queue.order_by(*order, F("submitted_at").asc(nulls_last=True), "pk")  # type: ignore[misc]


def assessor_list() -> list[AbstractBaseUser]:
    """Every member of the Assessors group, by name."""
    return list(
        get_user_model()
        .objects.filter(groups__name=ASSESSORS_GROUP)
        .order_by("last_name", "first_name", "username")
    )


def review_queue_count(user: AbstractBaseUser | AnonymousUser) -> int:
    return review_queue_for_user(user).count()


def review_queue_countries(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The country codes present in the user's queue (the country filter's choices)."""
    return sorted(
        set(
            review_queue_for_user(user)
            .order_by()
            .values_list("organization__country", flat=True)
            .distinct()
        )
    )


@dataclass(frozen=True)
class QueueRow:
    assessment: Assessment
    age_days: int | None  # days since submission
    claimable: bool


def queue_rows(
    assessments: Iterable[Assessment], *, today: date, may_claim: bool
) -> list[QueueRow]:
    rows = []
    for assessment in assessments:
        submitted = assessment.submitted_at
        rows.append(
            QueueRow(
                assessment=assessment,
                age_days=(
                    (today - timezone.localdate(submitted)).days if submitted is not None else None
                ),
                claimable=(
                    may_claim
                    and assessment.assessor_id is None
                    and assessment.status == AssessmentStatus.SUBMITTED
                ),
            )
        )
    return rows


# What the organization sees of the review -----------------------------------------


@dataclass(frozen=True)
class VerdictRow:
    criterion: Criterion
    area: ServiceArea | None
    answer: Answer
    verdict: Verdict
    url: str


def verdict_rows(workspace: Workspace, *, not_accepted_only: bool = False) -> list[VerdictRow]:
    """The verdicts of the loaded workspace in survey order, each with a link to its answer
    (no query: the workspace loads the verdicts with the answers)."""
    rows = []
    for section in workspace.sections:
        for criterion in section.criteria:
            areas: list[ServiceArea | None] = (
                list(workspace.areas) if criterion.scope == Scope.AREA else [None]
            )
            for area in areas:
                answer = workspace.answers.get((criterion.pk, area.pk if area else None))
                verdict = getattr(answer, "verdict", None) if answer is not None else None
                if answer is None or verdict is None:
                    continue
                if not_accepted_only and verdict.accepted:
                    continue
                anchor = slot_key(criterion, area)
                page = workspace.criterion_url(criterion.code).partition("#")[0]
                rows.append(VerdictRow(criterion, area, answer, verdict, f"{page}#{anchor}"))
    return rows
