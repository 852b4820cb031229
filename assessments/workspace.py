"""Everything a workspace page shows, loaded in a fixed number of queries whatever the number of
areas: the sections, the active areas, the answers, the live score and each section's progress."""

from collections.abc import Container
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language

from assessments import engine
from assessments.access import AssessmentAccess
from assessments.models import Answer, AssessmentArea, Evidence, Verdict
from assessments.scoring import rules_from_criteria
from assessments.sections import Section, catalog_sections
from criteria.enums import Scope
from criteria.models import ServiceArea
from criteria.translation import catalog_translations


@dataclass(frozen=True)
class Progress:
    answered: int
    expected: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.expected) if self.expected else 100

    @property
    def complete(self) -> bool:
        return self.answered >= self.expected


@dataclass(frozen=True)
class Blocking:
    code: str
    title: str
    url: str


@dataclass(frozen=True)
class Scored:
    """The live score, each section's progress and what blocks the next stage."""

    score: engine.ScoreResult
    progress: dict[str, Progress]
    blocking: list[Blocking]


SlotKey = tuple[int, int | None]  # (criterion id, service area id or None)

# The columns of an answer and of its verdict, read as plain rows by workspace_load_light.
ANSWER_COLUMNS = tuple(f.attname for f in Answer._meta.concrete_fields)
VERDICT_COLUMNS = tuple(f.attname for f in Verdict._meta.concrete_fields)


@dataclass
class Workspace:
    access: AssessmentAccess
    sections: list[Section]
    areas: list[ServiceArea]
    # Every answer's status: what the score and the progress read.
    statuses: dict[SlotKey, str]
    # The answers as models: all of them from workspace_load; from workspace_load_light only
    # those asked for with `answer()` (built then from their rows) or saved since.
    answers: dict[SlotKey, Answer]
    volumes: list[engine.Area]  # the active areas as the engine counts them
    # The light workspace's answers as plain rows (answer columns, then verdict columns).
    rows: dict[SlotKey, tuple[object, ...]] = field(default_factory=dict, repr=False)
    # Computed from the above by _score when first read, again after an answer is saved.
    _scored: "Scored | None" = field(default=None, init=False, repr=False)

    def answer(self, key: SlotKey) -> Answer | None:
        """The slot's answer with its verdict (None: no answer yet)."""
        if key not in self.answers and key in self.rows:
            self.answers[key] = _answer_from_row(self.rows[key])
        return self.answers.get(key)

    @property
    def assessment(self):  # type: ignore[no-untyped-def]
        return self.access.assessment

    @property
    def score(self) -> engine.ScoreResult:
        return self._scores().score

    @property
    def progress(self) -> dict[str, Progress]:
        return self._scores().progress

    @property
    def blocking(self) -> list[Blocking]:
        return self._scores().blocking

    def _scores(self) -> "Scored":
        if self._scored is None:
            self._scored = _score(self)
        return self._scored

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)

    def criterion_url(self, code: str) -> str:
        for section in self.sections:
            if any(c.code == code for c in section.criteria):
                return criterion_url(self.assessment.pk, section.slug, code)
        return reverse("assessment_detail", args=[self.assessment.pk])


def criterion_anchor(code: str) -> str:
    return "criterion-" + code.replace(".", "_")


def criterion_url(assessment_id: int, section_slug: str, code: str) -> str:
    url = reverse("assessment_section", args=[assessment_id, section_slug])
    return f"{url}#{criterion_anchor(code)}"


def workspace_load(access: AssessmentAccess) -> Workspace:
    """The workspace in two queries (the active areas, the answers with who changed them last
    and their verdicts): the catalog's sections come from memory (assessments.sections)."""
    # Unordered: a dict by slot needs no order, and Answer's default ordering joins the
    # criteria and the areas only to sort.
    answers = {
        (a.criterion_id, a.service_area_id): a
        for a in Answer.objects.filter(assessment=access.assessment)
        .select_related("updated_by", "verdict")
        .order_by()
    }
    return _workspace(
        access,
        statuses={key: answer.status for key, answer in answers.items()},
        answers=answers,
    )


def workspace_load_light(access: AssessmentAccess) -> Workspace:
    """The workspace of an autosave, which scores every answer but shows one slot: the answers
    read as plain rows (a model for each of the hundreds of answers costs more than the rest of
    the request), the one shown built as a model when asked for (`Workspace.answer`), without
    who changed it last (read only if the slot shows it). Two queries, as workspace_load."""
    columns = (*ANSWER_COLUMNS, *(f"verdict__{name}" for name in VERDICT_COLUMNS))
    criterion_at = ANSWER_COLUMNS.index("criterion_id")
    area_at = ANSWER_COLUMNS.index("service_area_id")
    status_at = ANSWER_COLUMNS.index("status")
    rows = {
        (row[criterion_at], row[area_at]): row
        for row in Answer.objects.filter(assessment=access.assessment)
        .order_by()
        .values_list(*columns)
    }
    return _workspace(
        access,
        statuses={key: str(row[status_at]) for key, row in rows.items()},
        answers={},
        rows=rows,
    )


def _answer_from_row(row: tuple[object, ...]) -> Answer:
    """An answer and its verdict (or None) from a row of workspace_load_light, as the ORM
    builds them from the database (Model.from_db)."""
    answer = Answer.from_db("default", ANSWER_COLUMNS, row[: len(ANSWER_COLUMNS)])
    verdict_values = row[len(ANSWER_COLUMNS) :]
    verdict = (
        Verdict.from_db("default", VERDICT_COLUMNS, verdict_values)
        if verdict_values[0] is not None
        else None
    )
    # Cached on the answer, as select_related("verdict") does (None included: no query).
    Answer.verdict.related.set_cached_value(answer, verdict)  # type: ignore[attr-defined]
    if verdict is not None:
        Verdict.answer.field.set_cached_value(verdict, answer)  # type: ignore[attr-defined]
    return answer


def _workspace(
    access: AssessmentAccess,
    *,
    statuses: dict[SlotKey, str],
    answers: dict[SlotKey, Answer],
    rows: dict[SlotKey, tuple[object, ...]] | None = None,
) -> Workspace:
    assessment = access.assessment
    sections = catalog_sections(assessment.catalog_id, revision=assessment.catalog.revision)
    active = list(
        AssessmentArea.objects.filter(assessment=assessment)
        .select_related("service_area")
        .order_by("service_area__order")
    )
    areas = [a.service_area for a in active]
    # The areas' names in the reader's language, on this request's own instances (never saved),
    # so that every slot, legend and list built from them shows it.
    label = catalog_translations(
        assessment.catalog_id, get_language(), revision=assessment.catalog.revision
    ).label
    for area in areas:
        area.name = str(label(area, "name"))
    workspace = Workspace(
        access=access,
        sections=sections,
        areas=areas,
        statuses=statuses,
        answers=answers,
        volumes=[engine.Area(a.service_area.code, a.annual_volume) for a in active],
        rows=rows or {},
    )
    return workspace


def workspace_answer_saved(
    workspace: Workspace, *, criterion_id: int, area_id: int | None, answer: Answer | None
) -> None:
    """Take an answer just saved (None: the slot has no answer) into the workspace, to be scored
    again in memory when read: what an autosave shows without loading the workspace again."""
    key = (criterion_id, area_id)
    workspace.rows.pop(key, None)
    if answer is None:
        workspace.answers.pop(key, None)
        workspace.statuses.pop(key, None)
    else:
        workspace.answers[key] = answer
        workspace.statuses[key] = answer.status
    workspace._scored = None


def _score(workspace: Workspace) -> Scored:
    """The live score, each section's progress and what blocks the next stage."""
    criteria = [c for section in workspace.sections for c in section.criteria]
    codes = {c.pk: c.code for c in criteria}
    area_codes = {area.pk: area.code for area in workspace.areas}
    score = engine.score(
        rules_from_criteria(criteria),
        workspace.volumes,
        [
            engine.Answer(codes[criterion_id], status, area_codes.get(area_id))
            for (criterion_id, area_id), status in workspace.statuses.items()
            if criterion_id in codes and (area_id is None or area_id in area_codes)
        ],
    )
    catalog = workspace.access.assessment.catalog
    # In the reader's language (no query once the process has the catalog's translations).
    wording = catalog_translations(catalog.pk, get_language(), revision=catalog.revision).criterion
    by_code = {c.code: c for c in criteria}
    return Scored(
        score=score,
        progress={
            section.slug: section_progress(section, workspace.areas, workspace.statuses)
            for section in workspace.sections
        },
        blocking=[
            Blocking(
                code=code,
                title=wording(by_code[code]).title if code in by_code else "",
                url=workspace.criterion_url(code),
            )
            for code in score.missing
        ],
    )


def section_progress(
    section: Section, areas: list[ServiceArea], answers: Container[tuple[int, int | None]]
) -> Progress:
    """Required answers given in the section (like the engine's completion: optional criteria,
    such as the informational 1.2, do not count)."""
    answered = expected = 0
    for criterion in section.criteria:
        if not criterion.required:
            continue
        keys = (
            [(criterion.pk, area.pk) for area in areas]
            if criterion.scope == Scope.AREA
            else [(criterion.pk, None)]
        )
        expected += len(keys)
        answered += sum(1 for key in keys if key in answers)
    return Progress(answered=answered, expected=expected)


def evidence_by_answer(answer_ids: list[int]) -> dict[int, list[Evidence]]:
    files: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(answer_id__in=answer_ids).order_by("uploaded_at", "pk"):
        files.setdefault(item.answer_id, []).append(item)
    return files
