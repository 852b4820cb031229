"""The lead's page: who answers which section of an assessment, and by when.

Everyone who sees the assessment reads it; assigning and unassigning need
`can_assign_sections` (leads and admins while answers are given). Outsiders get 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.access import assessment_access
from assessments.sections import Section
from assessments.workspace import Progress
from assignments.forms import SectionAssignmentForm
from assignments.models import SectionAssignment
from assignments.selectors import (
    assignee_choices,
    section_assignment_map,
    section_progress_by_assessment,
)
from assignments.services import section_assignment_delete, section_assignment_save


@dataclass
class SectionRow:
    section: Section
    progress: Progress
    assignment: SectionAssignment | None
    form: SectionAssignmentForm | None


@login_required
def section_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    assessment = access.assessment
    today = timezone.localdate()
    members = assignee_choices(assessment=assessment)
    progress = section_progress_by_assessment([assessment])
    sections = {slug: section for (_pk, slug), (section, _p) in progress.items()}
    posted: SectionAssignmentForm | None = None
    if request.method == "POST":
        if not access.can_assign_sections:
            raise PermissionDenied
        slug = str(request.POST.get("section", ""))
        if slug not in sections:
            messages.error(request, _("Choose one of the survey's sections."))
            return redirect("assessment_assignments", pk=pk)
        heading = sections[slug].heading
        if request.POST.get("action") == "unassign":
            if section_assignment_delete(assessment=assessment, section=slug):
                messages.success(request, _("%(section)s is unassigned.") % {"section": heading})
            return redirect("assessment_assignments", pk=pk)
        posted = SectionAssignmentForm(request.POST, prefix=slug, members=members, today=today)
        if posted.is_valid():
            try:
                assignment = section_assignment_save(
                    assessment=assessment,
                    section=slug,
                    assignee=posted.cleaned_data["assignee"],
                    due_date=posted.cleaned_data["due_date"],
                    assigned_by=request.user,  # type: ignore[arg-type]
                    today=today,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    posted.add_error(field if field in posted.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("%(section)s is assigned to %(name)s.")
                    % {"section": heading, "name": _display(assignment)},
                )
                return redirect("assessment_assignments", pk=pk)
    assignments = section_assignment_map(assessment=assessment)
    rows = []
    for slug, section in sections.items():
        assignment = assignments.get(slug)
        form = None
        if access.can_assign_sections:
            if posted is not None and posted.prefix == slug:
                form = posted
            else:
                form = SectionAssignmentForm(
                    prefix=slug,
                    members=members,
                    today=today,
                    initial=(
                        {"assignee": assignment.assignee_id, "due_date": assignment.due_date}
                        if assignment
                        else {}
                    ),
                )
        rows.append(
            SectionRow(
                section=section,
                progress=progress[(assessment.pk, slug)][1],
                assignment=assignment,
                form=form,
            )
        )
    return render(
        request,
        "assignments/section_assignments.html",
        {"assessment": assessment, "access": access, "rows": rows, "today": today},
    )


def _display(assignment: SectionAssignment) -> str:
    user = assignment.assignee
    return str(user.get_full_name() or user.get_username())
