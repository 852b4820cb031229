"""Writes on improvement plans (services), named `<entity>_<action>`.

A plan item's status changes only through `plan_item_status_set`."""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from assessments.engine import HIGHEST_STAGE
from assessments.models import Membership, Organization
from plans.enums import PlanItemStatus
from plans.models import ImprovementPlan, PlanItem, PlanItemReminder
from plans.notifications import plan_item_due_notify
from plans.selectors import (
    Baseline,
    plan_baseline_assessment,
    plan_baseline_load,
    plan_path_options,
)

NOTE_MAX_LENGTH = 2000
# Every status can follow every other one: an item done too early is reopened.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(PlanItemStatus.values) - {status} for status in PlanItemStatus.values
}


def _baseline_or_error(organization: Organization) -> Baseline:
    assessment = plan_baseline_assessment(organization=organization)
    if assessment is None:
        raise ValidationError(
            _("Start an assessment first: the plan starts from the latest assessment's answers.")
        )
    return plan_baseline_load(assessment=assessment)


def plan_target_set(
    *,
    organization: Organization,
    target_stage: int,
    target_date: date,
    user: AbstractBaseUser,
    today: date,
) -> ImprovementPlan:
    """Set the organization's target stage and date. A new target stage asks for a new way to
    it (the items stay until one is chosen). Raises ValidationError (nothing changes) for a stage
    outside 1-7 or already reached by the latest assessment, a date in the past, or an
    organization without an assessment."""
    errors: dict[str, str] = {}
    if not 1 <= target_stage <= HIGHEST_STAGE:
        errors["target_stage"] = _("Choose a target stage from 1 to 7.")
    if target_date < today:
        errors["target_date"] = _("Choose a target date from today on.")
    if errors:
        raise ValidationError(errors)
    baseline = _baseline_or_error(organization)
    if baseline.score.stage >= target_stage:
        raise ValidationError(
            {
                "target_stage": _(
                    "The latest assessment already reaches stage %(stage)s: choose a higher target."
                )
                % {"stage": baseline.score.stage}
            }
        )
    with transaction.atomic():
        plan = ImprovementPlan.objects.select_for_update().filter(organization=organization).first()
        if plan is None:
            plan = ImprovementPlan(organization=organization)
        if plan.target_stage != target_stage:
            plan.groups = ""
            plan.path_chosen_at = None
        plan.target_stage = target_stage
        plan.target_date = target_date
        plan.baseline = baseline.assessment
        plan.updated_by = user
        plan.full_clean(exclude=["organization"])
        plan.save()
    return plan


def plan_path_choose(
    *, plan: ImprovementPlan, key: str, user: AbstractBaseUser, now: datetime
) -> list[PlanItem]:
    """Make one of the ways to the target (plans.selectors.plan_path_options) the plan: one item
    per missing criterion, per area not meeting it for area criteria. Items already in the plan
    for the same criterion and area keep their owner, date, status and note; the others go.
    Raises ValidationError (nothing changes) for a way that is not offered."""
    baseline = _baseline_or_error(plan.organization)
    options = {o.key: o for o in plan_path_options(baseline=baseline, target=plan.target_stage)}
    option = options.get(key)
    if option is None:
        raise ValidationError({"path": _("Choose one of the ways shown.")})
    wanted = [
        (line.criterion, area)
        for line in option.lines
        for area in (line.areas or [None])  # an area criterion without active areas: one item
    ]
    with transaction.atomic():
        existing = {
            (item.criterion.code, item.service_area_id): item
            for item in PlanItem.objects.select_for_update()
            .filter(plan=plan)
            .select_related("criterion")
        }
        kept: list[PlanItem] = []
        for order, (criterion, area) in enumerate(wanted):
            item = existing.pop((criterion.code, area.pk if area else None), None)
            if item is None:
                item = PlanItem(plan=plan, criterion=criterion, service_area=area)
            elif item.order == order and item.criterion_id == criterion.pk:
                kept.append(item)
                continue
            item.criterion = criterion  # the baseline's catalog version
            item.order = order
            item.save()
            kept.append(item)
        PlanItem.objects.filter(pk__in=[item.pk for item in existing.values()]).delete()
        plan.groups = "".join(group.code for group in option.groups)
        plan.baseline = baseline.assessment
        plan.path_chosen_at = now
        plan.updated_by = user
        plan.save()
    return kept


def plan_item_status_set(*, item: PlanItem, status: str) -> bool:
    """The one way a plan item's status changes (recorded in its history). False when it
    already had this status. Raises ValidationError for an unknown status."""
    if status == item.status:
        return False
    if status not in ALLOWED_TRANSITIONS.get(item.status, frozenset()):
        raise ValidationError({"status": _("Choose open, in progress or done.")})
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    return True


def plan_item_update(
    *,
    item: PlanItem,
    owner: AbstractBaseUser | None,
    due_date: date | None,
    status: str,
    note: str,
    today: date,
) -> PlanItem:
    """Change an item's owner, due date, status and note. Raises ValidationError (nothing
    changes) for an owner who is not an active member of the organization, a new due date in
    the past, an unknown status or a note over 2000 characters."""
    errors: dict[str, str] = {}
    if owner is not None:
        is_member = Membership.objects.filter(
            user_id=owner.pk, organization_id=item.plan.organization_id
        ).exists()
        if not (is_member and owner.is_active):
            errors["owner"] = _("Choose an active member of the organization.")
    if due_date is not None and due_date != item.due_date and due_date < today:
        errors["due_date"] = _("Choose a due date from today on.")
    if status not in PlanItemStatus.values:
        errors["status"] = _("Choose open, in progress or done.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Keep the note under %(count)s characters.") % {"count": NOTE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = (
            item.owner_id != (owner.pk if owner else None)
            or item.due_date != due_date
            or item.note != note
        )
        if changed:
            item.owner = owner
            item.due_date = due_date
            item.note = note
            item.save(update_fields=["owner", "due_date", "note", "updated_at"])
        plan_item_status_set(item=item, status=status)
    return item


def plan_item_reminders_send(*, today: date, days: int, now: datetime) -> int:
    """E-mail the owner of every item not done that is due from today to `days` days ahead,
    once per item and due date (recorded as a PlanItemReminder, so running it again sends
    nothing new). Returns the number of reminders sent."""
    already_sent = PlanItemReminder.objects.filter(
        item=OuterRef("pk"), due_date=OuterRef("due_date")
    )
    still_member = Membership.objects.filter(
        user=OuterRef("owner"), organization=OuterRef("plan__organization")
    )
    due = (
        PlanItem.objects.filter(
            due_date__gte=today,
            due_date__lte=today + timedelta(days=days),
            owner__is_active=True,
        )
        .exclude(status=PlanItemStatus.DONE)
        .filter(Exists(still_member), ~Exists(already_sent))
        .select_related("plan__organization", "owner", "criterion", "service_area")
        .order_by("due_date", "pk")
    )
    sent = 0
    for item in due:
        try:
            # Recorded first: a second run at the same time cannot send it twice.
            with transaction.atomic():
                reminder = PlanItemReminder.objects.create(
                    item=item, due_date=item.due_date, sent_at=now
                )
        except IntegrityError:
            continue
        if plan_item_due_notify(item=item, today=today):
            sent += 1
        else:
            reminder.delete()  # not sent: the next run tries again
    return sent
