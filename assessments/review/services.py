"""Writes of the review: verdicts on answers, overall findings, and copying a validated
assessment into a new draft.

They lock the assessment row and refuse to write once the review is over; the status itself
changes only through assessments.lifecycle.assessment_transition.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, AssessmentArea, Verdict
from assessments.services import assessment_save_new, assessment_title_validate


def _lock_in_review(assessment: Assessment) -> Assessment:
    """The assessment row, locked; refused unless the review is running."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.IN_REVIEW:
        raise ValidationError(
            _("The review is not running: this assessment is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="not_in_review",
        )
    return locked


def verdict_record(
    *, answer: Answer, assessor: AbstractBaseUser, accepted: bool, comment: str
) -> Verdict:
    """Record (or change) the verdict on one answer: accepted, or not accepted with a comment.

    The caller holds the assessment's lock (see `verdicts_record`) or accepts the race."""
    return _verdict_save(answer=answer, assessor=assessor, accepted=accepted, comment=comment)[0]


def _verdict_save(
    *, answer: Answer, assessor: AbstractBaseUser, accepted: bool, comment: str
) -> tuple[Verdict, bool]:
    """The verdict, and whether it was created or changed (an unchanged one is not saved)."""
    comment = comment.strip()
    if not accepted and not comment:
        raise ValidationError(
            {"comment": _("Say why the answer is not accepted: a comment is required.")},
            code="comment_required",
        )
    verdict = Verdict.objects.filter(answer=answer).first() or Verdict(answer=answer)
    if verdict.pk is not None and (verdict.accepted, verdict.comment) == (accepted, comment):
        return verdict, False
    if verdict.pk is not None:
        verdict.version += 1
    verdict.accepted = accepted
    verdict.comment = comment
    verdict.assessor = assessor
    verdict.full_clean()
    verdict._history_user = assessor  # type: ignore[attr-defined]
    verdict.save()
    return verdict, True


@dataclass(frozen=True)
class VerdictInput:
    answer: Answer
    accepted: bool
    comment: str


def verdicts_record(
    *, assessment: Assessment, assessor: AbstractBaseUser, verdicts: Iterable[VerdictInput]
) -> int:
    """Record several verdicts at once, all or nothing, while the review runs. Returns the
    number of verdicts created or changed."""
    changed = 0
    with transaction.atomic():
        _lock_in_review(assessment)
        for item in verdicts:
            if item.answer.assessment_id != assessment.pk:
                raise ValidationError(_("This answer belongs to another assessment."))
            _verdict, saved = _verdict_save(
                answer=item.answer,
                assessor=assessor,
                accepted=item.accepted,
                comment=item.comment,
            )
            changed += saved
    return changed


class Outcome(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class VerdictResult:
    outcome: Outcome
    verdict: Verdict | None  # the verdict as it now stands in the database


def verdict_save(
    *,
    assessment: Assessment,
    answer: Answer,
    assessor: AbstractBaseUser,
    accepted: bool,
    comment: str,
    expected_version: int,
) -> VerdictResult:
    """Record one verdict as the assessor makes it (the review page's autosave), if nobody
    changed it since `expected_version` (0: no verdict yet): a save based on an outdated
    version is a conflict, never a silent overwrite (like answers.answer_save)."""
    with transaction.atomic():
        _lock_in_review(assessment)
        if answer.assessment_id != assessment.pk:
            raise ValidationError(_("This answer belongs to another assessment."))
        current = (
            Verdict.objects.select_for_update(of=("self",))
            .select_related("assessor")
            .filter(answer=answer)
            .first()
        )
        if current is not None and (current.accepted, current.comment) == (
            accepted,
            comment.strip(),
        ):
            return VerdictResult(Outcome.UNCHANGED, current)
        if (current.version if current is not None else 0) != expected_version:
            return VerdictResult(Outcome.CONFLICT, current)
        try:
            with transaction.atomic():
                verdict, _changed = _verdict_save(
                    answer=answer, assessor=assessor, accepted=accepted, comment=comment
                )
        except IntegrityError:
            # Another assessor recorded the first verdict on this answer a moment ago.
            fresh = Verdict.objects.select_related("assessor").filter(answer=answer).first()
            return VerdictResult(Outcome.CONFLICT, fresh)
    return VerdictResult(Outcome.SAVED, verdict)


def verdicts_accept_remaining(
    *, assessment: Assessment, assessor: AbstractBaseUser, answers: Iterable[Answer]
) -> int:
    """Accept, in one transaction and with history, those of `answers` that have no verdict
    (an assessor's "Accept all remaining" of a section). Returns the number accepted."""
    with transaction.atomic():
        _lock_in_review(assessment)
        remaining = list(
            Answer.objects.filter(
                assessment=assessment,
                pk__in=[answer.pk for answer in answers],
                verdict__isnull=True,
            ).order_by("pk")
        )
        verdicts = [
            Verdict(answer=answer, accepted=True, comment="", assessor=assessor)
            for answer in remaining
        ]
        bulk_create_with_history(verdicts, Verdict, default_user=assessor)
    return len(verdicts)


def findings_update(
    *, assessment: Assessment, strengths: str, recommendations: str, user: AbstractBaseUser
) -> Assessment:
    """The overall findings of the review (free text, shown to the organization once validated
    and in the report)."""
    with transaction.atomic():
        locked = _lock_in_review(assessment)
        locked.strengths = strengths.strip()
        locked.recommendations = recommendations.strip()
        locked.full_clean()
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save(update_fields=["strengths", "recommendations", "updated_at"])
    return locked


def assessment_copy(*, source: Assessment, created_by: AbstractBaseUser, title: str) -> Assessment:
    """A new draft of the same organization that starts from a validated assessment: its active
    areas (with their volumes) and its answers (status and comment). Verdicts, findings and
    evidence files stay with the validated assessment."""
    if source.status != AssessmentStatus.VALIDATED:
        raise ValidationError(
            _("Only a validated assessment can be copied into a new one."), code="not_validated"
        )
    with transaction.atomic():
        copy = Assessment(
            organization=source.organization,
            catalog_id=source.catalog_id,
            title=title.strip(),
            created_by=created_by,
        )
        assessment_title_validate(organization=source.organization, title=copy.title)
        copy.full_clean()
        copy._history_user = created_by  # type: ignore[attr-defined]
        assessment_save_new(assessment=copy)
        AssessmentArea.objects.bulk_create(
            AssessmentArea(
                assessment=copy,
                service_area_id=area.service_area_id,
                annual_volume=area.annual_volume,
            )
            for area in AssessmentArea.objects.filter(assessment=source)
        )
        answers = [
            Answer(
                assessment=copy,
                criterion_id=answer.criterion_id,
                service_area_id=answer.service_area_id,
                status=answer.status,
                comment=answer.comment,
                updated_by=created_by,
            )
            for answer in Answer.objects.filter(assessment=source).order_by("pk")
        ]
        # With history, so that the copied answers appear in the new assessment's audit trail.
        bulk_create_with_history(answers, Answer, default_user=created_by)
    return copy
