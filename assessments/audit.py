"""The audit trail of an assessment, read from the history tables (django-simple-history).

Every save of an assessment, an answer, an evidence file or a verdict leaves a historical row
with who and when; this module turns those rows into a timeline of human sentences with the
old and new value of each changed field. Five queries whatever the number of rows: each history
table (messages on answers included) is read once, filtered by the assessment, with its users
joined.

The history is only ever read here: no view of the application writes or edits it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.former_member import person_name
from assessments.enums import AnswerStatus, AssessmentStatus
from assessments.evidence.services import RETENTION_REASON
from assessments.models import Answer, Assessment, Evidence, Verdict
from discussions.models import AnswerMessage

CREATED, CHANGED, DELETED = "+", "~", "-"

# The assessor's findings: hidden from members until they are released (access.can_see_findings).
FINDINGS_FIELDS = frozenset({"strengths", "recommendations"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: str
    kind: str  # "assessment", "answer", "evidence", "verdict" or "message"
    action: str  # CREATED, CHANGED or DELETED
    what: str
    changes: list[FieldChange] = field(default_factory=list)
    # Ties on `when` keep the order in which the rows were written.
    order: tuple[int, int] = (0, 0)
    user_id: int | None = None  # who made the change (None: the system)
    answer_id: int | None = None  # the answer concerned, for all but the assessment's changes
    reason: str = ""  # where the change came from, when recorded (e.g. an uploaded file)

    @property
    def day(self) -> date:
        return timezone.localtime(self.when).date()


def _empty() -> str:
    return "—"


def _user_name(user: Model | None, user_id: int | None) -> str:
    """A person's name; a deleted user's rows show "former member" (accounts.privacy)."""
    return person_name(user, recorded_id=user_id) or _empty()


def _text(value: Any) -> str:
    if value is None or value == "":
        return _empty()
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _choice(labels: dict[str, Any]) -> Callable[[Any], str]:
    return lambda value: _text(labels.get(value, value) if value else value)


def _accepted(value: bool | None) -> str:
    if value is None:
        return _empty()
    return _("Accepted") if value else _("Not accepted")


@dataclass(frozen=True)
class Tracked:
    """A field shown in the timeline: compared by `name`, shown with `label` and `display`."""

    name: str
    label: Promise
    display: Callable[[Any], str] = _text
    user: str | None = None  # for a user foreign key: the relation to show (joined)


ASSESSMENT_FIELDS = (
    Tracked("status", gettext_lazy("Status"), _choice(dict(AssessmentStatus.choices))),
    Tracked("title", gettext_lazy("Title")),
    Tracked("submitted_at", gettext_lazy("Submitted at")),
    Tracked("self_assessed_stage", gettext_lazy("Self-assessed stage")),
    Tracked("assessor_id", gettext_lazy("Assessor"), user="assessor"),
    Tracked("strengths", gettext_lazy("Strengths")),
    Tracked("recommendations", gettext_lazy("Recommendations")),
    Tracked("validated_stage", gettext_lazy("Validated stage")),
    Tracked("validation_reason", gettext_lazy("Reason for a lower stage")),
    Tracked("validated_by_id", gettext_lazy("Validated by"), user="validated_by"),
    Tracked("validated_at", gettext_lazy("Validated at")),
    Tracked("expires_at", gettext_lazy("Expires on")),
)
ANSWER_FIELDS = (
    Tracked("status", gettext_lazy("Status"), _choice(dict(AnswerStatus.choices))),
    Tracked("comment", gettext_lazy("Comment")),
)
EVIDENCE_FIELDS = (Tracked("original_name", gettext_lazy("File")),)
VERDICT_FIELDS = (
    Tracked("accepted", gettext_lazy("Verdict"), _accepted),
    Tracked("comment", gettext_lazy("Comment")),
)
MESSAGE_FIELDS = (Tracked("body", gettext_lazy("Message")),)


def _show(record: Any, tracked: Tracked) -> str:
    if tracked.user is not None:
        value_id = getattr(record, tracked.name)
        return _user_name(getattr(record, tracked.user) if value_id else None, value_id)
    return tracked.display(getattr(record, tracked.name))


def _changes(record: Any, previous: Any, fields: Iterable[Tracked]) -> list[FieldChange]:
    """Old → new for each field that differs; a creation shows the values it set, a deletion
    the values it removed."""
    changes = []
    for tracked in fields:
        if record.history_type == DELETED:
            old, new = _show(record, tracked), _empty()
        elif previous is None:
            old, new = _empty(), _show(record, tracked)
        elif getattr(previous, tracked.name) == getattr(record, tracked.name):
            continue
        else:
            old, new = _show(previous, tracked), _show(record, tracked)
        if old != new:
            changes.append(FieldChange(label=str(tracked.label), old=old, new=new))
    return changes


def _with_previous(records: Iterable[Any]) -> Iterable[tuple[Any, Any]]:
    """Each record with the previous record of the same object (None for the first)."""
    last: dict[int, Any] = {}
    for record in records:
        yield record, last.get(record.id)
        last[record.id] = record


def _who(record: Any) -> str:
    if record.history_user_id is None:
        return _("system")
    return _user_name(record.history_user, record.history_user_id)


def _entry(
    record: Any, kind: str, rank: int, what: str, changes: list[FieldChange]
) -> TimelineEntry:
    return TimelineEntry(
        when=record.history_date,
        who=_who(record),
        kind=kind,
        action=record.history_type,
        what=what,
        changes=changes,
        order=(rank, record.history_id),
        user_id=record.history_user_id,
        answer_id=record.id if kind == "answer" else getattr(record, "answer_id", None),
        reason=getattr(record, "history_change_reason", None) or "",
    )


def _answer_label(record: Any) -> str:
    code = record.criterion.code
    if record.service_area_id is None:
        return code
    return f"{code} · {record.service_area.name}"


def _assessment_entries(assessment: Assessment, show_findings: bool) -> list[TimelineEntry]:
    records = (
        Assessment.history.filter(id=assessment.pk)
        .select_related("history_user", "assessor", "validated_by")
        .order_by("history_date", "history_id")
    )
    fields = [f for f in ASSESSMENT_FIELDS if show_findings or f.name not in FINDINGS_FIELDS]
    status_labels = dict(AssessmentStatus.choices)
    entries = []
    for record, previous in _with_previous(records):
        changes = _changes(record, previous, fields)
        if record.history_type == CREATED:
            what = _("Assessment “%(title)s” created") % {"title": record.title}
        elif record.history_type == DELETED:
            what = _("Assessment “%(title)s” deleted") % {"title": record.title}
        elif previous is not None and previous.status != record.status:
            what = _("Status: %(old)s → %(new)s") % {
                "old": status_labels.get(previous.status, previous.status),
                "new": status_labels.get(record.status, record.status),
            }
        elif changes:
            what = _("Assessment details changed")
        else:
            continue  # a save that changed nothing shown here
        entries.append(_entry(record, "assessment", 0, what, changes))
    return entries


def _answer_entries(assessment: Assessment) -> tuple[list[TimelineEntry], dict[int, str]]:
    records = (
        Answer.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "criterion", "service_area")
        .order_by("history_date", "history_id")
    )
    labels: dict[int, str] = {}
    entries = []
    for record, previous in _with_previous(records):
        label = labels[record.id] = _answer_label(record)
        changes = _changes(record, previous, ANSWER_FIELDS)
        if record.history_type == DELETED:
            what = _("Answer %(answer)s removed") % {"answer": label}
        elif record.history_type == CREATED or previous is None:
            what = _("Answer %(answer)s given") % {"answer": label}
        elif changes:
            what = _("Answer %(answer)s changed") % {"answer": label}
        else:
            continue
        entries.append(_entry(record, "answer", 1, what, changes))
    return entries, labels


def _evidence_entries(assessment: Assessment, labels: dict[int, str]) -> list[TimelineEntry]:
    records = (
        Evidence.history.filter(answer_id__in=_answer_ids(assessment))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, previous in _with_previous(records):
        values = {"name": record.original_name, "answer": labels.get(record.answer_id, "?")}
        changes = _changes(record, previous, EVIDENCE_FIELDS)
        if record.history_type == DELETED and record.history_change_reason == RETENTION_REASON:
            what = (
                _("Evidence “%(name)s” removed from answer %(answer)s by the retention rule")
                % values
            )
        elif record.history_type == DELETED:
            what = _("Evidence “%(name)s” deleted from answer %(answer)s") % values
        elif record.history_type == CREATED or previous is None:
            what = _("Evidence “%(name)s” attached to answer %(answer)s") % values
        elif changes:
            what = _("Evidence “%(name)s” changed on answer %(answer)s") % values
        else:
            continue
        entries.append(_entry(record, "evidence", 2, what, changes))
    return entries


def _verdict_entries(assessment: Assessment, labels: dict[int, str]) -> list[TimelineEntry]:
    records = (
        Verdict.history.filter(answer_id__in=_answer_ids(assessment))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, previous in _with_previous(records):
        answer = labels.get(record.answer_id, "?")
        changes = _changes(record, previous, VERDICT_FIELDS)
        if record.history_type == DELETED:
            what = _("Verdict on %(answer)s removed") % {"answer": answer}
        elif record.history_type == CHANGED and previous is not None and not changes:
            continue
        elif record.accepted:
            what = _("Verdict on %(answer)s: accepted") % {"answer": answer}
        else:
            what = _("Verdict on %(answer)s: not accepted") % {"answer": answer}
        entries.append(_entry(record, "verdict", 3, what, changes))
    return entries


def _message_entries(assessment: Assessment, labels: dict[int, str]) -> list[TimelineEntry]:
    records = (
        AnswerMessage.history.filter(answer_id__in=_answer_ids(assessment))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    for record, previous in _with_previous(records):
        answer = labels.get(record.answer_id, "?")
        changes = _changes(record, previous, MESSAGE_FIELDS)
        if record.history_type == DELETED:
            what = _("Message on %(answer)s deleted") % {"answer": answer}
        elif record.history_type == CREATED or previous is None:
            what = _("Message on %(answer)s") % {"answer": answer}
        elif changes:
            what = _("Message on %(answer)s changed") % {"answer": answer}
        else:
            continue
        entries.append(_entry(record, "message", 4, what, changes))
    return entries


def _answer_ids(assessment: Assessment) -> Any:
    # A subquery over the answers' history, so files and verdicts of deleted answers remain.
    return Answer.history.filter(assessment_id=assessment.pk).values("id")


def assessment_timeline(
    assessment: Assessment, *, show_verdicts: bool = True, show_findings: bool = True
) -> list[TimelineEntry]:
    """Every recorded change of the assessment, its answers, evidence files, verdicts and the
    messages on its answers, newest first. Without `show_verdicts` (members before the
    decision) the verdicts and the messages (access.can_see_discussion) are left out; without
    `show_findings` (members before the validation), the changes of the assessor's strengths
    and recommendations."""
    entries = _assessment_entries(assessment, show_findings=show_findings)
    answer_entries, labels = _answer_entries(assessment)
    entries += answer_entries
    entries += _evidence_entries(assessment, labels)
    if show_verdicts:
        entries += _verdict_entries(assessment, labels)
        entries += _message_entries(assessment, labels)
    entries.sort(key=lambda e: (e.when, e.order), reverse=True)
    return entries


# The kinds of change the timeline can be filtered by, in the order they are offered.
KIND_LABELS = {
    "assessment": gettext_lazy("Assessment status and details"),
    "answer": gettext_lazy("Answers"),
    "evidence": gettext_lazy("Evidence files"),
    "verdict": gettext_lazy("Verdicts"),
    "message": gettext_lazy("Messages"),
}
SYSTEM = "system"  # the person filter's value for changes made by the system


def timeline_answer_criteria(assessment: Assessment) -> dict[int, int]:
    """Answer id -> criterion id for every answer the assessment ever had (one query), to filter
    the timeline by section."""
    return dict(
        Answer.history.filter(assessment_id=assessment.pk)
        .values_list("id", "criterion_id")
        .distinct()
    )


def timeline_filter(
    entries: list[TimelineEntry],
    *,
    answer_ids: set[int] | None = None,
    person: str = "",
    kind: str = "",
) -> list[TimelineEntry]:
    """The entries about these answers (None: all, with the assessment's own changes), by this
    person (a user id, or SYSTEM; "": anyone), of this kind ("": any)."""
    return [
        entry
        for entry in entries
        if (answer_ids is None or entry.answer_id in answer_ids)
        and (not person or _person_value(entry) == person)
        and (not kind or entry.kind == kind)
    ]


def _person_value(entry: TimelineEntry) -> str:
    return SYSTEM if entry.user_id is None else str(entry.user_id)


def timeline_people(entries: list[TimelineEntry]) -> list[tuple[str, str]]:
    """(filter value, name) of everyone who made one of these changes, by name."""
    people = {_person_value(entry): entry.who for entry in entries}
    return sorted(people.items(), key=lambda item: item[1].casefold())
