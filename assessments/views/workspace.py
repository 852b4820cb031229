"""The survey workspace: section pages, saving a whole section, and autosave of one answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.access import AssessmentAccess, assessment_access
from assessments.answers import Outcome, SlotResult, answer_save
from assessments.models import Answer
from assessments.sections import Section
from assessments.survey_forms import Slot, SlotForm, build_slots, slot_places
from assessments.workspace import (
    Workspace,
    evidence_by_answer,
    workspace_answer_saved,
    workspace_load,
    workspace_load_light,
)
from criteria.enums import Scope


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    workspace = workspace_load(access)
    target = next(
        (s for s in workspace.sections if not workspace.progress[s.slug].complete),
        workspace.sections[0],
    )
    return redirect("assessment_section", pk=pk, section=target.slug)


def _slots(
    workspace: Workspace, section: Section, data: QueryDict | None = None
) -> dict[str, Slot]:
    answers = workspace.answers
    in_section = {c.pk for c in section.criteria}
    answer_ids = [
        a.pk for (criterion_id, _area), a in answers.items() if criterion_id in in_section
    ]
    slots = build_slots(
        criteria=section.criteria,
        areas=workspace.areas,
        answers=answers,
        evidence=evidence_by_answer(answer_ids),
        data=data,
    )
    for slot in slots.values():
        slot.editable = workspace.access.can_edit_answer(slot.answer)
    return slots


def _section_or_404(workspace: Workspace, slug: str) -> Section:
    section = workspace.section(slug)
    if section is None:
        raise Http404
    return section


@login_required
def section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    access = assessment_access(request.user, pk)
    workspace = workspace_load(access)
    current = _section_or_404(workspace, section)
    if request.method == "POST":
        if not access.can_edit_answers:
            raise PermissionDenied
        data = request.POST.copy()
        slots = _slots(workspace, current, data)
        unsaved = _save_section(request, access, slots, data)
        if unsaved is None:
            messages.success(request, _("Your answers are saved."))
            return redirect("assessment_section", pk=pk, section=current.slug)
        # Nothing was saved; everything the user typed stays in the form.
        workspace = workspace_load(access)
        messages.warning(request, _section_refused_message(unsaved))
        return _render_section(request, workspace, current, slots, status=409)
    return _render_section(request, workspace, current, _slots(workspace, current))


def _save_section(
    request: HttpRequest, access: AssessmentAccess, slots: dict[str, Slot], data: QueryDict
) -> list[Slot] | None:
    """Save every slot the user changed, all or nothing: every slot is validated first, then all
    are saved in one transaction. None when saved; else nothing is saved and the slots that were
    not saved are returned (in error, in conflict, or valid but held back with the others)."""
    resolve_action, _sep, resolve_key = str(request.POST.get("resolve", "")).partition(":")
    changed: list[tuple[Slot, bool]] = []
    invalid = False
    for key, slot in slots.items():
        if resolve_key == key and resolve_action == "theirs":
            # The user chose the colleague's value: show it, save nothing.
            slots[key] = _fresh_slot(access, slot)
            continue
        if not slot.editable:
            continue  # not open for changes (e.g. accepted by the assessor): ignored
        keep_mine = resolve_key == key
        assert slot.form is not None  # built from the post
        if not slot.form.is_valid():
            slot.state = "error"
            invalid = True
        elif slot.form.touched or keep_mine:
            changed.append((slot, keep_mine))
    if invalid:
        return _refused([slot for slot, _keep in changed], slots)
    with transaction.atomic():
        results = [
            (slot, _answer_save(request, access, slot, keep_mine=keep_mine))
            for slot, keep_mine in changed
        ]
        refused = any(
            result is None or result.outcome == Outcome.CONFLICT for _s, result in results
        )
        if refused:
            transaction.set_rollback(True)
    for slot, result in results:
        if result is None:
            continue  # the reason is on the slot
        if refused and result.outcome != Outcome.CONFLICT:
            slot.state = "unsaved"  # valid, but rolled back with the others
        else:
            _show_result(slot, result, data)
    return _refused([slot for slot, _result in results], slots) if refused else None


def _refused(changed: list[Slot], slots: dict[str, Slot]) -> list[Slot]:
    for slot in changed:
        slot.state = slot.state or "unsaved"
    return [slot for slot in slots.values() if slot.state in {"error", "conflict", "unsaved"}]


def _section_refused_message(unsaved: list[Slot]) -> str:
    names = ", ".join(
        f"{slot.criterion.code} {slot.area.name}" if slot.area else slot.criterion.code
        for slot in unsaved
    )
    return _(
        "No answer was saved: see the highlighted questions below, then save again. "
        "Not saved: %(answers)s."
    ) % {"answers": names}


def _fresh_slot(access: AssessmentAccess, slot: Slot) -> Slot:
    """The slot as it now stands in the database, unbound (what a colleague saved)."""
    answer = (
        Answer.objects.select_related("updated_by", "verdict")
        .filter(assessment=access.assessment, criterion=slot.criterion, service_area=slot.area)
        .order_by("pk")
        .first()
    )
    key = (slot.criterion.pk, slot.area.pk if slot.area else None)
    fresh = build_slots(
        criteria=[slot.criterion],
        areas=[slot.area] if slot.area else [],
        answers={key: answer} if answer else {},
        evidence=evidence_by_answer([answer.pk] if answer else []),
    )
    result = next(iter(fresh.values()))
    result.editable = access.can_edit_answer(answer)
    return result


def _save_slot(
    request: HttpRequest, access: AssessmentAccess, slot: Slot, data: QueryDict, *, keep_mine: bool
) -> int:
    """Save one slot (autosave); returns 1 when it is in error or conflict, else 0."""
    form = slot.form
    assert form is not None
    if not form.is_valid():
        slot.state = "error"
        return 1
    if not form.touched and not keep_mine:
        return 0
    result = _answer_save(request, access, slot, keep_mine=keep_mine)
    if result is None:
        return 1
    return _show_result(slot, result, data)


def _answer_save(
    request: HttpRequest, access: AssessmentAccess, slot: Slot, *, keep_mine: bool
) -> SlotResult | None:
    """Save a validated slot; None, with the reason on the slot, when the answer is refused."""
    form = slot.form
    assert form is not None
    expected = form.cleaned_data.get("conflict_version") if keep_mine else None
    if expected is None:
        expected = form.cleaned_data.get("version") or 0
    try:
        result = answer_save(
            assessment=access.assessment,
            criterion=slot.criterion,
            service_area=slot.area,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            expected_version=expected,
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        # The form should have caught it; say so on the slot rather than fail the page.
        form.add_error(None, " ".join(error.messages))
        slot.state = "error"
        return None
    if result.outcome == Outcome.CLOSED:
        raise AssessmentClosed
    return result


class AssessmentClosed(PermissionDenied):
    """The assessment left an editable state (e.g. submitted) while this page was open."""


def _show_result(slot: Slot, result: SlotResult, data: QueryDict) -> int:
    """Show a save's outcome on the slot and in the data its inputs render; 1 for a conflict."""
    if result.outcome == Outcome.CONFLICT:
        slot.state = "conflict"
        slot.conflict = result.answer
        data[f"{slot.key}-conflict_version"] = str(result.answer.version if result.answer else 0)
        return 1
    answer = result.answer
    assert answer is not None
    slot.answer = answer
    slot.state = "saved"
    data[f"{slot.key}-version"] = str(answer.version)
    data[f"{slot.key}-initial_status"] = answer.status
    data[f"{slot.key}-initial_comment"] = answer.comment
    data[f"{slot.key}-conflict_version"] = ""
    return 0


def _render_section(
    request: HttpRequest,
    workspace: Workspace,
    current: Section,
    slots: dict[str, Slot],
    status: int = 200,
) -> HttpResponse:
    by_criterion: dict[int, list[Slot]] = {}
    for slot in slots.values():
        by_criterion.setdefault(slot.criterion.pk, []).append(slot)
    index = workspace.sections.index(current)
    context = {
        "ws": workspace,
        "access": workspace.access,
        "assessment": workspace.assessment,
        "current": current,
        "items": [(c, by_criterion.get(c.pk, [])) for c in current.criteria],
        "previous_section": workspace.sections[index - 1] if index > 0 else None,
        "next_section": (
            workspace.sections[index + 1] if index + 1 < len(workspace.sections) else None
        ),
        "autosave_url": reverse(
            "assessment_autosave", args=[workspace.assessment.pk, current.slug]
        ),
        "page_url": request.path,
        # After a review only the challenged answers are open: no Save button on a section
        # that holds none of them.
        "any_editable": any(slot.editable for slot in slots.values()),
    }
    return render(request, "assessments/section.html", context, status=status)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Validate and save the one slot posted, then show its state, the live result and the
    section counts, scored again in memory (the workspace is loaded once)."""
    access = assessment_access(request.user, pk)
    if not (access.is_member or access.is_staff):
        raise PermissionDenied
    workspace = workspace_load_light(access)
    current = _section_or_404(workspace, section)
    key = str(request.POST.get("slot", ""))
    place = slot_places(current.criteria, workspace.areas).get(key)
    if place is None:
        return HttpResponseBadRequest(
            _unknown_slot_message(workspace, current, key), content_type="text/plain; charset=utf-8"
        )
    data = request.POST.copy()
    criterion, area = place
    answer = workspace.answer((criterion.pk, area.pk if area else None))
    # Without its evidence: the response shows the slot's evidence only for a new answer (none
    # yet) or for a slot read again from the database (_fresh_slot).
    slot = Slot(
        key=key,
        criterion=criterion,
        area=area,
        answer=answer,
        form=SlotForm(data, prefix=key, criterion=criterion, area=area, answer=answer),
        editable=access.can_edit_answer(answer),
    )
    if not access.can_edit_answers:
        # A tab left open after submission: say so, and show the stored value again.
        return _closed_response(request, workspace, current, slot)
    if not slot.editable:
        raise PermissionDenied
    resolve = request.POST.get("resolve", "")
    if resolve == "theirs":
        slot = _fresh_slot(access, slot)
        slot.state = "replaced"
        status = 200
    elif _waiting_for_status(slot):
        # A comment typed before the status: nothing to save yet, and nothing wrong either.
        slot.state = "pending"
        status = 200
    else:
        try:
            problems = _save_slot(request, access, slot, data, keep_mine=resolve == "mine")
        except AssessmentClosed:
            # Submitted between this request's checks and the save.
            access.assessment.refresh_from_db(fields=["status"])
            return _closed_response(request, workspace, current, slot)
        status = 200 if not problems else (409 if slot.state == "conflict" else 422)
        if slot.state == "" and not problems:
            slot.state = "unchanged"
    if slot.state in {"saved", "replaced"}:
        workspace_answer_saved(
            workspace,
            criterion_id=criterion.pk,
            area_id=area.pk if area else None,
            answer=slot.answer,
        )
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": current,
        "slot": slot,
        "autosave_url": request.path,
        "page_url": reverse("assessment_section", args=[pk, current.slug]),
    }
    return render(request, "assessments/autosave_response.html", context, status=status)


def _closed_response(
    request: HttpRequest, workspace: Workspace, current: Section, slot: Slot
) -> HttpResponse:
    """409 with the slot as stored, its inputs disabled, and why nothing was saved. Retrying
    cannot help: the page must be reloaded."""
    access = workspace.access
    stored = _fresh_slot(access, slot)
    stored.editable = True  # rendered with its inputs (disabled), showing the stored value
    stored.state = "closed"
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": current,
        "slot": stored,
        "autosave_url": request.path,
        "page_url": reverse("assessment_section", args=[access.assessment.pk, current.slug]),
    }
    return render(request, "assessments/autosave_response.html", context, status=409)


def _waiting_for_status(slot: Slot) -> bool:
    form = slot.form
    assert form is not None
    return not form.is_valid() and form.has_error("__all__", code="comment_without_status")


def _unknown_slot_message(workspace: Workspace, current: Section, key: str) -> str:
    """A precise message for a slot that is not on this page."""
    codes = {c.code.replace(".", "_"): c for c in current.criteria}
    parts = key.removeprefix("s-").split("-", 1)
    criterion = codes.get(parts[0])
    if criterion is None:
        return _("Unknown question “%(key)s” for this section.") % {"key": key}
    if len(parts) == 1 and criterion.scope == Scope.AREA:
        return _("Question %(code)s is answered per service area; name the area.") % {
            "code": criterion.code
        }
    if len(parts) == 2:
        active = {a.code for a in workspace.areas}
        if parts[1] not in active:
            return _("The service area “%(area)s” is not active in this assessment.") % {
                "area": parts[1]
            }
    return _("Question %(code)s is answered once for the organization, not per area.") % {
        "code": criterion.code
    }
