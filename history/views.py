"""An organization's history: its stages over time, and what changed between two assessments.
Read-only, from the stored results."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.access import history_access
from assessments.enums import AnswerStatus
from history.chart import stage_timeline_build
from history.forms import CompareForm
from history.selectors import assessment_comparison, history_entry_list, history_timeline_inputs


@login_required
@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    access = history_access(request.user, slug)
    entries = history_entry_list(assessments=access.assessments)
    chart = (
        stage_timeline_build(points=history_timeline_inputs(entries=entries)) if entries else None
    )
    # The two latest assessments are compared unless the user chooses others.
    initial = (
        {"a": entries[-2].assessment.pk, "b": entries[-1].assessment.pk} if len(entries) > 1 else {}
    )
    form = CompareForm(initial=initial, entries=entries)
    return render(
        request,
        "history/history.html",
        {"organization": access.organization, "entries": entries, "chart": chart, "form": form},
    )


@login_required
@require_GET
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    access = history_access(request.user, slug)
    entries = history_entry_list(assessments=access.assessments)
    form = CompareForm(request.GET or None, entries=entries)
    chosen = form.chosen()
    comparison = assessment_comparison(before=chosen[0], after=chosen[1]) if chosen else None
    return render(
        request,
        "history/compare.html",
        {
            "organization": access.organization,
            "entries": entries,
            "form": form,
            "comparison": comparison,
            "status_labels": dict(AnswerStatus.choices),
        },
    )
