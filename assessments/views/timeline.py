"""The timeline of an assessment: its audit trail, read-only, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.access import assessment_access
from assessments.audit import assessment_timeline
from assessments.workspace import workspace_load

ENTRIES_PER_PAGE = 200


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
    entries_page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": None,
        "page": "timeline",
        "entries_page": entries_page,
    }
    return render(request, "assessments/timeline.html", context)
