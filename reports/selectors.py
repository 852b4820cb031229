"""Rows of the data exports (answers, assessments), each in a fixed number of queries."""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.former_member import former_member_label
from assessments import engine
from assessments.models import Answer, Assessment, AssessmentArea
from assessments.scoring import catalog_rules
from discussions.models import AnswerMessage
from reports.exports.tabular import Cell

DATE_FIELDS = {"created": "created_at", "submitted": "submitted_at"}
# Where the assessment id sits in a row of `assessment_export_rows`.
ASSESSMENT_ID_COLUMN = 2
# Rows read from the database at a time by the `*_iter` selectors (settings.EXPORT_ROWS_CHUNK_SIZE
# in the background exports): memory holds one chunk, not the export.
CHUNK_SIZE = 2000


def answer_export_header() -> list[str]:
    return [
        _("Organization"),
        _("Assessment"),
        _("Assessment id"),
        _("Criterion"),
        _("Service area"),
        _("Status"),
        _("Verdict"),
        _("Verdict comment"),
        _("Comment"),
        _("Updated at"),
        _("Updated by"),
        _("Discussion"),
    ]


def assessment_export_header() -> list[str]:
    return [
        _("Organization"),
        _("Assessment"),
        _("Assessment id"),
        _("Country"),
        _("Kind"),
        _("Status"),
        _("Self-assessed stage"),
        _("Validated stage"),
        _("Groups met"),
        _("Created"),
        _("Submitted"),
        _("Validated"),
        _("Expires"),
    ]


def answer_export_rows(
    assessments: QuerySet[Assessment], *, with_verdicts: bool
) -> list[list[Cell]]:
    """Every row of `answer_export_iter`, in a list (one assessment's download)."""
    return list(answer_export_iter(assessments, with_verdicts=with_verdicts))


def answer_export_count(assessments: QuerySet[Assessment]) -> int:
    """How many rows `answer_export_iter` yields (as of now)."""
    return Answer.objects.filter(assessment__in=assessments).count()


def answer_export_iter(
    assessments: QuerySet[Assessment], *, with_verdicts: bool, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Cell]]:
    """One row per answer, in catalog order, read `chunk_size` answers at a time (one query per
    chunk, two with the verdicts' discussions), so that memory holds one chunk only.

    Codes (criterion, service area, status) rather than labels: they are stable across languages
    and catalog wording; ids are numbers and times `datetime`s, for the writer to format (CSV,
    XLSX: reports.exports.tabular). Verdicts and the discussion of each answer only when the
    reader may see them (`with_verdicts`, which is also who sees the threads:
    access.can_see_discussion)."""
    answers = (
        Answer.objects.filter(assessment__in=assessments)
        .select_related(
            "assessment__organization", "criterion", "service_area", "updated_by", "verdict"
        )
        .order_by(
            "assessment__organization__name",
            "assessment__created_at",
            "assessment_id",
            "criterion__order",
            "service_area__order",
        )
    )
    if with_verdicts:
        answers = answers.prefetch_related(
            Prefetch(
                "messages",
                queryset=AnswerMessage.objects.select_related("author").order_by("created", "pk"),
                to_attr="thread",
            )
        )
    for answer in answers.iterator(chunk_size=chunk_size):
        verdict = getattr(answer, "verdict", None) if with_verdicts else None
        if verdict is None:
            verdict_text, verdict_comment = "", ""
        else:
            verdict_text = _("accepted") if verdict.accepted else _("not accepted")
            verdict_comment = verdict.comment
        yield [
            answer.assessment.organization.name,
            answer.assessment.title,
            answer.assessment_id,
            answer.criterion.code,
            answer.service_area.code if answer.service_area else "",
            answer.status,
            verdict_text,
            verdict_comment,
            answer.comment,
            answer.updated_at,
            answer.updated_by.get_username() if answer.updated_by else "",
            discussion_text(getattr(answer, "thread", [])),
        ]


def discussion_text(messages: Iterable[AnswerMessage]) -> str:
    """One line per message, oldest first: "author (2026-03-04 10:30): text" (UTC; a message's
    own line breaks become spaces, so that each line is one message)."""
    return "\n".join(
        "{author} ({date}): {text}".format(
            author=message.author.get_username() if message.author else former_member_label(),
            date=message.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            text=" ".join(message.body.split()),
        )
        for message in messages
    )


def assessment_groups_met(assessments: Iterable[Assessment]) -> dict[int, list[str]]:
    """The Stage 5–7 groups each assessment meets, computed by the engine from its answers:
    one query for the areas, one for the answers, one per catalog version."""
    items = list(assessments)
    ids = [assessment.pk for assessment in items]
    areas: dict[int, list[engine.Area]] = defaultdict(list)
    for assessment_id, code, volume in AssessmentArea.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "service_area__code", "annual_volume"):
        areas[assessment_id].append(engine.Area(code=code, annual_volume=volume))
    answers: dict[int, list[engine.Answer]] = defaultdict(list)
    for assessment_id, criterion, area, status in Answer.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "criterion__code", "service_area__code", "status"):
        answers[assessment_id].append(engine.Answer(criterion=criterion, area=area, status=status))
    rules = {catalog_id: catalog_rules(catalog_id) for catalog_id in {a.catalog_id for a in items}}
    groups = {}
    for assessment in items:
        result = engine.score(
            rules[assessment.catalog_id], areas[assessment.pk], answers[assessment.pk]
        )
        groups[assessment.pk] = [code for code, met in result.groups.items() if met]
    return groups


def assessment_export_rows(assessments: QuerySet[Assessment]) -> list[list[Cell]]:
    """Every row of `assessment_export_iter`, in a list."""
    return list(assessment_export_iter(assessments))


def assessment_export_iter(
    assessments: QuerySet[Assessment], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Cell]]:
    """One row per assessment, by organization then date, `chunk_size` assessments at a time
    (a fixed number of queries per chunk: the groups met are computed for each chunk)."""
    ordered = (
        assessments.select_related("organization")
        .order_by("organization__name", "created_at", "pk")
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(itertools.islice(ordered, chunk_size)):
        groups = assessment_groups_met(chunk)
        for assessment in chunk:
            yield [
                assessment.organization.name,
                assessment.title,
                assessment.pk,
                str(assessment.organization.country),
                assessment.organization.kind,
                assessment.status,
                assessment.self_assessed_stage,
                assessment.validated_stage,
                ", ".join(groups[assessment.pk]),
                assessment.created_at,
                assessment.submitted_at,
                assessment.validated_at,
                assessment.expires_at,
            ]


def assessment_export_filter(
    *,
    status: str = "",
    country: str = "",
    kind: str = "",
    stage: int | None = None,
    date_field: str = "created",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Assessment]:
    """Assessments matching the export page's filters. The stage is the validated one when
    there is one, else the self-assessed one; dates are inclusive."""
    assessments = Assessment.objects.all()
    if status:
        assessments = assessments.filter(status=status)
    if country:
        assessments = assessments.filter(organization__country=country)
    if kind:
        assessments = assessments.filter(organization__kind=kind)
    if stage is not None:
        assessments = assessments.alias(
            stage=Coalesce("validated_stage", "self_assessed_stage")
        ).filter(stage=stage)
    field = DATE_FIELDS[date_field]
    if date_from is not None:
        assessments = assessments.filter(**{f"{field}__date__gte": date_from})
    if date_to is not None:
        assessments = assessments.filter(**{f"{field}__date__lte": date_to})
    return assessments.order_by("organization__name", "created_at", "pk")
