"""Reads of the conversations on answers and of the rework list, each in a fixed number of
queries whatever the number of answers and messages."""

from dataclasses import dataclass, field

from django.urls import reverse

from assessments.models import Answer, Assessment, Verdict
from assessments.sections import Section, catalog_sections
from assessments.survey_forms import slot_key
from criteria.models import Criterion, ServiceArea
from discussions.enums import ReworkState, Side
from discussions.models import AnswerMessage


def answer_messages_by_answer(*, assessment: Assessment) -> dict[int, list[AnswerMessage]]:
    """Every message on the assessment's answers, by answer, oldest first (one query)."""
    threads: dict[int, list[AnswerMessage]] = {}
    messages = (
        AnswerMessage.objects.filter(answer__assessment=assessment)
        .select_related("author")
        .order_by("created", "pk")
    )
    for message in messages:
        threads.setdefault(message.answer_id, []).append(message)
    return threads


@dataclass(frozen=True)
class ReworkItem:
    """An answer the assessor did not accept, as the organization's to-do list shows it."""

    answer: Answer
    criterion: Criterion
    area: ServiceArea | None
    verdict: Verdict
    section: Section
    url: str  # the answer's slot on its section page
    messages: list[AnswerMessage] = field(default_factory=list)

    @property
    def state(self) -> str:
        """Done once the answer changed after the verdict, or the organization answered back in
        its thread after the verdict; to do until then."""
        if self.answer.updated_at > self.verdict.updated_at:
            return ReworkState.CHANGED
        if any(
            m.side == Side.ORGANIZATION and m.created > self.verdict.updated_at
            for m in self.messages
        ):
            return ReworkState.ANSWERED
        return ReworkState.TO_DO

    @property
    def done(self) -> bool:
        return self.state != ReworkState.TO_DO

    @property
    def state_label(self) -> str:
        return str(ReworkState(self.state).label)


def rework_items_for_assessment(
    *,
    assessment: Assessment,
    sections: list[Section] | None = None,
    messages: dict[int, list[AnswerMessage]] | None = None,
) -> list[ReworkItem]:
    """The answers not accepted by the assessor, in survey order, each with its section, a link
    to its slot and its thread. Two queries (the answers, the messages), plus three for the
    sections when they are not given; none for the messages when they are."""
    sections = sections if sections is not None else catalog_sections(assessment.catalog_id)
    by_criterion = {c.pk: (section, c) for section in sections for c in section.criteria}
    answers = (
        Answer.objects.filter(assessment=assessment, verdict__accepted=False)
        .select_related("verdict", "service_area")
        .order_by("criterion__order", "service_area__order")
    )
    if messages is None:
        messages = answer_messages_by_answer(assessment=assessment)
    items = []
    for answer in answers:
        if answer.criterion_id not in by_criterion:
            continue  # a criterion no longer in the survey
        section, criterion = by_criterion[answer.criterion_id]
        page = reverse("assessment_section", args=[assessment.pk, section.slug])
        items.append(
            ReworkItem(
                answer=answer,
                criterion=criterion,
                area=answer.service_area,
                verdict=answer.verdict,
                section=section,
                url=f"{page}#{slot_key(criterion, answer.service_area)}",
                messages=messages.get(answer.pk, []),
            )
        )
    return items


def rework_counts(items: list[ReworkItem]) -> dict[str, int]:
    """Section slug -> the number of its answers still to do (sections with none left out)."""
    counts: dict[str, int] = {}
    for item in items:
        if not item.done:
            counts[item.section.slug] = counts.get(item.section.slug, 0) + 1
    return counts
