"""Submitting an assessment (leads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.access import assessment_access
from assessments.lifecycle import (
    TRANSITIONS,
    TransitionError,
    assessment_transition,
    missing_required_answers,
)
from assessments.workspace import workspace_load


def _posted_stage(value: str | None) -> int | None:
    if value is None:
        return None
    stage = int(value)
    if not 0 <= stage <= 7:
        raise ValueError(value)
    return stage


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if request.method == "POST":
        if not (access.is_lead or access.is_staff):
            raise PermissionDenied
        # The stage the confirmation showed: if the answers changed since, the lead confirms again.
        try:
            expected_stage = _posted_stage(request.POST.get("expected_stage"))
        except ValueError:
            messages.error(request, _("The confirmation was not valid: please confirm again."))
            return redirect("assessment_submit", pk=pk)
        try:
            assessment = assessment_transition(
                assessment=access.assessment,
                action="submit",
                user=request.user,
                now=timezone.now(),
                expected_stage=expected_stage,
            )
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("assessment_submit", pk=pk)
        messages.success(
            request,
            _("The assessment is submitted with self-assessed stage %(stage)d.")
            % {"stage": assessment.self_assessed_stage},
        )
        return redirect("assessment_results", pk=pk)

    workspace = workspace_load(access)
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": None,
        "page": "submit",
        "open_for_submission": access.assessment.status in TRANSITIONS["submit"].sources,
        # Contributors see the list too: they can fill in what is missing.
        "missing": missing_required_answers(workspace) if access.can_edit_answers else [],
    }
    return render(request, "assessments/submit.html", context)
