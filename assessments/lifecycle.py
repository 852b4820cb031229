"""The life cycle of an assessment: THE one place that changes `Assessment.status`.

draft → submitted → in review → (changes requested → submitted → ...) → validated (DIAM.md).
Each action is a row of TRANSITIONS: the states it starts from, the state it leads to (or none:
"assign" and "claim" only set the assessor) and who may do it. `assessment_transition` checks
the row and the action's own preconditions (EFFECTS) on the locked assessment row, then applies
it; a refused transition raises TransitionError and changes nothing. After the commit, the
people who act next are told by e-mail (assessments.notifications).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.access import claiming_allowed, is_assessor, may_review, membership_role
from assessments.enums import AssessmentStatus, ResultKind, Role
from assessments.models import Answer, Assessment, AssessmentArea, Verdict
from assessments.notifications import transition_notify
from assessments.result_store import assessment_result_record
from assessments.scoring import assessment_accepted_score, assessment_score
from assessments.survey_forms import slot_key
from assessments.workspace import Workspace
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea

logger = logging.getLogger(__name__)

# Who may make a transition (Transition.who).
LEAD = "lead"  # a lead of the assessment's organization, or staff
STAFF = "staff"  # an admin
ASSESSOR = "assessor"  # any member of the Assessors group
REVIEWER = "reviewer"  # the assessor assigned to the assessment, or staff

WHO_REFUSED = {
    LEAD: gettext_lazy("Only a lead of the organization can do this."),
    STAFF: gettext_lazy("Only an administrator can do this."),
    ASSESSOR: gettext_lazy("Only an assessor can do this."),
    REVIEWER: gettext_lazy(
        "Only the assessor assigned to this assessment, or an administrator, can do this."
    ),
}


class TransitionError(ValueError):
    """A refused transition; `message` is for the user (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status stays as it is
    who: str
    # Shown when the assessment is in none of `sources`; %(status)s is its current status.
    wrong_state: Promise


TRANSITIONS: dict[str, Transition] = {
    # A draft, or a resubmission after the assessor requested changes (DIAM.md's life cycle).
    "submit": Transition(
        sources=frozenset({AssessmentStatus.DRAFT, AssessmentStatus.CHANGES_REQUESTED}),
        target=AssessmentStatus.SUBMITTED,
        who=LEAD,
        wrong_state=gettext_lazy(
            "This assessment cannot be submitted now: its status is “%(status)s”."
        ),
    ),
    # An admin assigns (or replaces) the assessor of a submitted assessment or of a review.
    "assign": Transition(
        sources=frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW}),
        target=None,
        who=STAFF,
        wrong_state=gettext_lazy(
            "An assessor can be assigned only to a submitted assessment or one in review: "
            "its status is “%(status)s”."
        ),
    ),
    # An assessor takes a submitted assessment nobody is assigned to (when settings allow).
    "claim": Transition(
        sources=frozenset({AssessmentStatus.SUBMITTED}),
        target=None,
        who=ASSESSOR,
        wrong_state=gettext_lazy(
            "Only a submitted assessment can be claimed: its status is “%(status)s”."
        ),
    ),
    "start_review": Transition(
        sources=frozenset({AssessmentStatus.SUBMITTED}),
        target=AssessmentStatus.IN_REVIEW,
        who=REVIEWER,
        wrong_state=gettext_lazy(
            "The review can start only on a submitted assessment: its status is “%(status)s”."
        ),
    ),
    # Back to the organization with the verdicts; the lead resubmits with "submit".
    "request_changes": Transition(
        sources=frozenset({AssessmentStatus.IN_REVIEW}),
        target=AssessmentStatus.CHANGES_REQUESTED,
        who=REVIEWER,
        wrong_state=gettext_lazy(
            "Changes can be requested only during the review: its status is “%(status)s”."
        ),
    ),
    "validate": Transition(
        sources=frozenset({AssessmentStatus.IN_REVIEW}),
        target=AssessmentStatus.VALIDATED,
        who=REVIEWER,
        wrong_state=gettext_lazy(
            "An assessment can be validated only during the review: its status is “%(status)s”."
        ),
    ),
}


class MissingAnswer(NamedTuple):
    criterion: Criterion
    area: ServiceArea | None
    url: str


def missing_required_answers(workspace: Workspace) -> list[MissingAnswer]:
    """Each required answer slot without an answer, in survey order, with a link to its
    question: enterprise criteria once, area criteria once per active area."""
    missing = []
    for section in workspace.sections:
        for criterion in section.criteria:
            if not criterion.required or criterion.scope == Scope.BASELINE:
                continue
            areas: list[ServiceArea | None] = (
                list(workspace.areas) if criterion.scope == Scope.AREA else [None]
            )
            for area in areas:
                if (criterion.pk, area.pk if area else None) in workspace.answers:
                    continue
                page = workspace.criterion_url(criterion.code).partition("#")[0]
                url = f"{page}#{slot_key(criterion, area)}"
                missing.append(MissingAnswer(criterion, area, url))
    return missing


def _may_act(user: AbstractBaseUser | AnonymousUser, assessment: Assessment, who: str) -> bool:
    if not user.is_authenticated:
        return False
    if who == LEAD:
        return bool(user.is_staff) or membership_role(user, assessment.organization_id) == Role.LEAD
    if who == STAFF:
        return bool(user.is_staff)
    if who == ASSESSOR:
        return is_assessor(user)
    if who == REVIEWER:
        return may_review(user, assessment)
    return False


def transition_offered(
    *, assessment: Assessment, action: str, user: AbstractBaseUser | AnonymousUser
) -> bool:
    """Whether to offer `action` to the user now (its role and the state; the action's own
    preconditions are checked when it is made)."""
    transition = TRANSITIONS.get(action)
    return (
        transition is not None
        and assessment.status in transition.sources
        and _may_act(user, assessment, transition.who)
    )


def _submit(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    """Preconditions and effects of "submit": every required answer given; the self-assessed
    stage is the engine's stage at this moment."""
    score = assessment_score(assessment)
    missing = score.required - score.answered
    if missing > 0:
        raise TransitionError(
            ngettext(
                "%(count)d required answer is still missing: answer it before submitting.",
                "%(count)d required answers are still missing: answer them before submitting.",
                missing,
            )
            % {"count": missing}
        )
    expected = details.get("expected_stage")
    if expected is not None and expected != score.stage:
        raise TransitionError(
            _(
                "The answers changed since you opened this page: the stage is now %(stage)d. "
                "Check it and confirm again."
            )
            % {"stage": score.stage}
        )
    assessment.self_assessed_stage = score.stage
    assessment.submitted_at = now


def _assign(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    """The new assessor must be an assessor, and not a member of the organization reviewed."""
    assessor = details.get("assessor")
    if assessor is None:
        raise TransitionError(_("Choose the assessor to assign."))
    if not is_assessor(assessor):
        raise TransitionError(_("%(name)s is not an assessor.") % {"name": _display_name(assessor)})
    if membership_role(assessor, assessment.organization_id) is not None:
        raise TransitionError(
            _("%(name)s is a member of this organization and cannot review its assessment.")
            % {"name": _display_name(assessor)}
        )
    assessment.assessor = assessor


def _claim(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    user = details["user"]
    if not claiming_allowed():
        raise TransitionError(
            _("Assessors cannot claim assessments here: an administrator assigns them.")
        )
    if assessment.assessor_id is not None:
        raise TransitionError(_("This assessment already has an assessor."))
    if membership_role(user, assessment.organization_id) is not None:
        raise TransitionError(
            _("You are a member of this organization and cannot review its assessment.")
        )
    assessment.assessor = user


def _start_review(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    """Nothing to check: the review starts from the previous round's verdicts, if any."""


def _request_changes(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    """At least one answer not accepted, and every answer not accepted says why."""
    rejected = Verdict.objects.filter(answer__assessment=assessment, accepted=False)
    if not rejected.exists():
        raise TransitionError(
            _(
                "Mark at least one answer as not accepted, with a comment, before requesting "
                "changes."
            )
        )
    if rejected.filter(comment__regex=r"^\s*$").exists():
        raise TransitionError(
            _("Every answer that is not accepted needs a comment saying what to change.")
        )


def _without_verdict(assessment: Assessment) -> int:
    """Answers of the assessment's active slots that have no verdict yet."""
    active = AssessmentArea.objects.filter(assessment=assessment).values("service_area")
    return (
        Answer.objects.filter(assessment=assessment, verdict__isnull=True)
        .filter(Q(service_area__isnull=True) | Q(service_area__in=active))
        .count()
    )


def _validate(assessment: Assessment, now: datetime, details: dict[str, Any]) -> None:
    """Every answer has a verdict; the validated stage is the stage of the accepted answers, or
    a lower one with a written reason, never a higher one."""
    missing = _without_verdict(assessment)
    if missing:
        raise TransitionError(
            ngettext(
                "%(count)d answer has no verdict yet: record a verdict on every answer before "
                "validating.",
                "%(count)d answers have no verdict yet: record a verdict on every answer before "
                "validating.",
                missing,
            )
            % {"count": missing}
        )
    justified = assessment_accepted_score(assessment).stage
    expected = details.get("expected_stage")
    if expected is not None and expected != justified:
        raise TransitionError(
            _(
                "The verdicts changed since you opened this page: the accepted answers now "
                "justify stage %(stage)d. Check it and validate again."
            )
            % {"stage": justified}
        )
    stage = details.get("stage")
    if stage is None:
        stage = justified
    if not isinstance(stage, int) or isinstance(stage, bool) or not 0 <= stage <= 7:
        raise TransitionError(_("The validated stage must be a whole number from 0 to 7."))
    if stage > justified:
        raise TransitionError(
            _(
                "The validated stage cannot be higher than stage %(stage)d, the stage the "
                "accepted answers justify."
            )
            % {"stage": justified}
        )
    reason = str(details.get("reason") or "").strip()
    if stage < justified and not reason:
        raise TransitionError(
            _(
                "Give a reason for validating a stage below stage %(stage)d, the stage the "
                "accepted answers justify."
            )
            % {"stage": justified}
        )
    assessment.validated_stage = stage
    # A reason explains a stage below the accepted answers only.
    assessment.validation_reason = reason if stage < justified else ""
    assessment.validated_by = details["user"]
    assessment.validated_at = now
    valid_days = int(settings.DIAM_VALIDATION_VALID_DAYS)
    assessment.expires_at = timezone.localdate(now) + timedelta(days=valid_days)


def _display_name(user: AbstractBaseUser) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())


# The transitions that store the assessment's result (assessments.result_store), and its kind.
RESULT_KINDS: dict[str, str] = {
    "submit": ResultKind.SELF_ASSESSED,
    "validate": ResultKind.VALIDATED,
}

EFFECTS: dict[str, Callable[[Assessment, datetime, dict[str, Any]], None]] = {
    "submit": _submit,
    "assign": _assign,
    "claim": _claim,
    "start_review": _start_review,
    "request_changes": _request_changes,
    "validate": _validate,
}


def assessment_transition(
    *,
    assessment: Assessment,
    action: str,
    user: AbstractBaseUser | AnonymousUser,
    now: datetime,
    **details: Any,
) -> Assessment:
    """Apply `action` to the assessment, or raise TransitionError and change nothing.

    Details by action: "submit" takes `expected_stage` (the stage the confirmation showed);
    "assign" takes `assessor` (a user); "validate" takes `stage` (default: the stage of the
    accepted answers), `reason` (required for a lower stage) and `expected_stage`.

    The row is locked for the whole check-and-write, so two concurrent transitions cannot both
    pass. Returns the updated assessment (a fresh instance; the one passed in is left as it was).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “%(action)s”.") % {"action": action})
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not _may_act(user, locked, transition.who):
            raise TransitionError(str(WHO_REFUSED[transition.who]))
        if locked.status not in transition.sources:
            raise TransitionError(
                str(transition.wrong_state) % {"status": locked.get_status_display()}
            )
        source = locked.status
        EFFECTS[action](locked, now, {**details, "user": user})
        if transition.target is not None:
            locked.status = transition.target
        locked.full_clean()
        # The history (django-simple-history) records who made the transition.
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save()
        if action in RESULT_KINDS:
            assessment_result_record(assessment=locked, kind=RESULT_KINDS[action], now=now)
        resubmission = action == "submit" and source == AssessmentStatus.CHANGES_REQUESTED
        # E-mail the people who act next, once the transition is committed.
        transaction.on_commit(
            lambda: transition_notify(
                assessment=locked, action=action, actor=user, resubmission=resubmission
            )
        )
    logger.info("assessment %s: %s by user %s, now %s", locked.pk, action, user.pk, locked.status)
    return locked
