"""The timeline of an assessment: its audit trail, read-only, newest first, filtered by
section, person and kind of change."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.access import assessment_access
from assessments.audit import assessment_timeline, timeline_answer_criteria, timeline_filter
from assessments.timeline_forms import TimelineFilterForm
from assessments.workspace import workspace_load

ENTRIES_PER_PAGE = 50


@login_required
@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    workspace = workspace_load(access)
    # Members see the verdicts once a decision is made, the findings once validated.
    entries = assessment_timeline(
        access.assessment,
        show_verdicts=access.can_see_verdicts,
        show_findings=access.can_see_findings,
    )
    form = TimelineFilterForm(request.GET, sections=workspace.sections, entries=entries)
    filtered = bool({"section", "person", "kind"} & set(request.GET))
    if filtered and form.is_valid():
        answer_ids = None
        section = workspace.section(form.cleaned_data["section"])
        if section is not None:
            criteria = {c.pk for c in section.criteria}
            answer_ids = {
                answer_id
                for answer_id, criterion_id in timeline_answer_criteria(access.assessment).items()
                if criterion_id in criteria
            }
        entries = timeline_filter(
            entries,
            answer_ids=answer_ids,
            person=form.cleaned_data["person"],
            kind=form.cleaned_data["kind"],
        )
    entries_page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": None,
        "page": "timeline",
        "entries_page": entries_page,
        "form": form,
        "filtered": filtered,
    }
    return render(request, "assessments/timeline.html", context)
