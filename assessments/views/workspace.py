"""The survey workspace: section pages, saving a whole section, and autosave of one answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.access import AssessmentAccess, assessment_access
from assessments.answers import Outcome, answer_save
from assessments.models import Answer
from assessments.sections import Section
from assessments.survey_forms import Slot, build_slots
from assessments.workspace import Workspace, evidence_by_answer, workspace_load
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


def _slots(workspace: Workspace, section: Section, data: object = None) -> dict[str, Slot]:
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
        problems = _save_section(request, access, slots, data)
        if not problems:
            messages.success(request, _("Your answers are saved."))
            return redirect("assessment_section", pk=pk, section=current.slug)
        # Show what was kept and why; everything the user typed stays in the form.
        workspace = workspace_load(access)
        messages.warning(
            request,
            _("Some answers were not saved: see the highlighted questions below."),
        )
        return _render_section(request, workspace, current, slots, status=409)
    return _render_section(request, workspace, current, _slots(workspace, current))


def _save_section(
    request: HttpRequest, access: AssessmentAccess, slots: dict[str, Slot], data: object
) -> int:
    """Save every slot the user changed; returns the number of slots in error or conflict."""
    resolve_action, _sep, resolve_key = str(request.POST.get("resolve", "")).partition(":")
    problems = 0
    for key, slot in slots.items():
        if resolve_key == key and resolve_action == "theirs":
            # The user chose the colleague's value: show it, save nothing.
            slots[key] = _fresh_slot(access, slot)
            continue
        if not slot.editable:
            continue  # not open for changes (e.g. accepted by the assessor): ignored
        problems += _save_slot(request, access, slot, data, keep_mine=resolve_key == key)
    return problems


def _fresh_slot(access: AssessmentAccess, slot: Slot) -> Slot:
    """The slot as it now stands in the database, unbound (what a colleague saved)."""
    answer = (
        Answer.objects.select_related("updated_by", "verdict")
        .filter(assessment=access.assessment, criterion=slot.criterion, service_area=slot.area)
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
    request: HttpRequest, access: AssessmentAccess, slot: Slot, data: object, *, keep_mine: bool
) -> int:
    form = slot.form
    if not form.is_valid():
        slot.state = "error"
        return 1
    if not form.touched and not keep_mine:
        return 0
    expected = form.cleaned_data.get("conflict_version") if keep_mine else None
    if expected is None:
        expected = form.cleaned_data.get("version") or 0
    result = answer_save(
        assessment=access.assessment,
        criterion=slot.criterion,
        service_area=slot.area,
        status=form.cleaned_data["status"],
        comment=form.cleaned_data["comment"],
        expected_version=expected,
        user=request.user,  # type: ignore[arg-type]
    )
    assert hasattr(data, "__setitem__")
    if result.outcome == Outcome.CLOSED:
        raise PermissionDenied
    if result.outcome == Outcome.CONFLICT:
        slot.state = "conflict"
        slot.conflict = result.answer
        data[f"{slot.key}-conflict_version"] = result.answer.version if result.answer else 0
        return 1
    answer = result.answer
    assert answer is not None
    slot.answer = answer
    slot.state = "saved"
    data[f"{slot.key}-version"] = answer.version
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
    }
    return render(request, "assessments/section.html", context, status=status)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if not access.can_edit_answers:
        raise PermissionDenied
    workspace = workspace_load(access)
    current = _section_or_404(workspace, section)
    data = request.POST.copy()
    slots = _slots(workspace, current, data)
    key = str(request.POST.get("slot", ""))
    slot = slots.get(key)
    if slot is None:
        return HttpResponseBadRequest(
            _unknown_slot_message(workspace, current, key), content_type="text/plain; charset=utf-8"
        )
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
        problems = _save_slot(request, access, slot, data, keep_mine=resolve == "mine")
        status = 200 if not problems else (409 if slot.state == "conflict" else 422)
        if slot.state == "" and not problems:
            slot.state = "unchanged"
    if slot.state in {"saved", "replaced"}:
        workspace = workspace_load(access)
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


def _waiting_for_status(slot: Slot) -> bool:
    form = slot.form
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
