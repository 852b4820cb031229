"""Saving answers with optimistic locking: a save based on an outdated version is a conflict,
never a silent overwrite."""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.access import EDITABLE_STATUSES
from assessments.enums import AnswerStatus
from assessments.models import Answer, Assessment
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea

# Consecutive saves of one answer by one person this close together are one change in the audit
# trail (its first old value -> its final value): typing a comment with pauses is one change.
HISTORY_MERGE_WINDOW = timedelta(minutes=5)
# full_clean() checks the answer's values, not that its foreign keys exist: they are rows the
# caller loaded, and checking each would cost a query on every autosave.
NOT_VALIDATED = ["assessment", "criterion", "service_area", "updated_by"]


class Outcome(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    CLOSED = "closed"  # the assessment left an editable state meanwhile (e.g. submitted)


@dataclass(frozen=True)
class SlotResult:
    outcome: Outcome
    answer: Answer | None  # the answer as it now stands in the database


def allowed_statuses(criterion: Criterion) -> list[str]:
    """`na` exists only for criteria answered per service area."""
    if criterion.scope == Scope.AREA:
        return list(AnswerStatus.values)
    return [s for s in AnswerStatus.values if s != AnswerStatus.NA]


def answer_save(
    *,
    assessment: Assessment,
    criterion: Criterion,
    service_area: ServiceArea | None,
    status: str,
    comment: str,
    expected_version: int,
    user: AbstractBaseUser,
) -> SlotResult:
    """Save one answer slot if nobody changed it since `expected_version` (0: no answer yet).

    The caller has validated status, comment and that the slot belongs to the assessment.
    """
    with transaction.atomic():
        # The answer with its assessment, both rows locked, in one query: a submit that commits
        # first closes the assessment to this save. (Not the user's row: PostgreSQL refuses to
        # lock the nullable side of a join.)
        current = (
            Answer.objects.select_for_update(of=("self", "assessment"))
            .select_related("updated_by", "assessment")
            .filter(
                assessment=assessment,
                assessment__status__in=EDITABLE_STATUSES,
                criterion=criterion,
                service_area=service_area,
            )
            # At most one row: by pk, not Answer's default order, which joins criteria and areas.
            .order_by("pk")
            .first()
        )
        # None: no answer yet, or the assessment is closed; lock the assessment alone to tell.
        if current is None and not (
            Assessment.objects.select_for_update()
            .filter(pk=assessment.pk, status__in=EDITABLE_STATUSES)
            .exists()
        ):
            return SlotResult(Outcome.CLOSED, None)
        if current is not None and (current.status, current.comment) == (status, comment):
            return SlotResult(Outcome.UNCHANGED, current)
        current_version = current.version if current is not None else 0
        if current_version != expected_version:
            return SlotResult(Outcome.CONFLICT, current)
        if current is None:
            answer = Answer(
                assessment=assessment,
                criterion=criterion,
                service_area=service_area,
                status=status,
                comment=comment,
                updated_by=user,
            )
            answer.full_clean(
                exclude=NOT_VALIDATED, validate_unique=False, validate_constraints=False
            )
            try:
                with transaction.atomic():
                    answer._history_user = user  # type: ignore[attr-defined]
                    answer.save()
            except IntegrityError:
                # A colleague created the same answer a moment ago.
                return SlotResult(Outcome.CONFLICT, _current(assessment, criterion, service_area))
            return SlotResult(Outcome.SAVED, answer)
        # The row is locked (select_for_update), so nobody changes it between the check and here.
        current.status = status
        current.comment = comment
        current.updated_by = user
        current.version = current_version + 1
        current.full_clean(exclude=NOT_VALIDATED, validate_unique=False, validate_constraints=False)
        current._history_user = user  # type: ignore[attr-defined]  # the audit trail's "who"
        latest = _history_to_merge(current, user)
        if latest is None:
            current.save()
            return SlotResult(Outcome.SAVED, current)
        current.skip_history_when_saving = True  # type: ignore[attr-defined]
        current.save()
        del current.skip_history_when_saving  # type: ignore[attr-defined]
        # The latest history row takes the final values: the row before it keeps the first old
        # value, so the audit trail shows one change from the first old value to the final one.
        type(latest).objects.filter(history_id=latest.history_id).update(
            status=current.status,
            comment=current.comment,
            version=current.version,
            updated_by=user,
            updated_at=current.updated_at,
            history_date=timezone.now(),
        )
        return SlotResult(Outcome.SAVED, current)


def _history_to_merge(answer: Answer, user: AbstractBaseUser) -> Any | None:
    """The answer's latest history row when this save continues it: written by the same user
    less than HISTORY_MERGE_WINDOW ago, with no change of the assessment (a submission, a
    decision) since; else None (the save gets a row of its own)."""
    latest = Answer.history.filter(id=answer.pk).order_by("-history_date", "-history_id").first()
    if (
        latest is None
        or latest.history_type == "-"
        or latest.history_user_id != user.pk
        or latest.history_date < timezone.now() - HISTORY_MERGE_WINDOW
    ):
        return None
    # The assessment's row came locked with the answer (answer_save): every save of it, each
    # with its own history row, moves `updated_at` (auto_now; the partial saves name it too).
    return None if answer.assessment.updated_at > latest.history_date else latest


def _current(
    assessment: Assessment, criterion: Criterion, service_area: ServiceArea | None
) -> Answer | None:
    return (
        Answer.objects.select_related("updated_by")
        .filter(assessment=assessment, criterion=criterion, service_area=service_area)
        .order_by("pk")
        .first()
    )
