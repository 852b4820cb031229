"""The life cycle of an assessment: THE one place that changes `Assessment.status`.

draft → submitted → in review → (changes requested → submitted → ...) → validated (DIAM.md).
Each action is a row of TRANSITIONS: the states it starts from, the state it leads to and who
may do it. `assessment_transition` checks the row and the action's own preconditions on the
locked assessment row, then applies it; a refused transition raises TransitionError and changes
nothing.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.access import membership_role
from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment
from assessments.scoring import assessment_score
from assessments.survey_forms import slot_key
from assessments.workspace import Workspace
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea

logger = logging.getLogger(__name__)

LEAD = "lead"  # a lead of the assessment's organization, or staff


class TransitionError(ValueError):
    """A refused transition; `message` is for the user (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
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
    return False


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


EFFECTS = {"submit": _submit}


def assessment_transition(
    *,
    assessment: Assessment,
    action: str,
    user: AbstractBaseUser | AnonymousUser,
    now: datetime,
    **details: Any,
) -> Assessment:
    """Apply `action` to the assessment, or raise TransitionError and change nothing.

    The row is locked for the whole check-and-write, so two concurrent submits cannot both pass.
    Returns the updated assessment (a fresh instance; the one passed in is left as it was).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “%(action)s”.") % {"action": action})
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not _may_act(user, locked, transition.who):
            raise TransitionError(_("Only a lead of the organization can do this."))
        if locked.status not in transition.sources:
            raise TransitionError(
                str(transition.wrong_state) % {"status": locked.get_status_display()}
            )
        EFFECTS[action](locked, now, details)
        locked.status = transition.target
        locked.full_clean()
        # The history (django-simple-history) records who made the transition.
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save()
    logger.info("assessment %s: %s by user %s, now %s", locked.pk, action, user.pk, locked.status)
    return locked
