"""The programme dashboard: figures over every organization, for admins."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.access import may_see_programme
from benchmarks.chart import stage_chart_build
from benchmarks.programme.selectors import EXPIRY_WINDOW_DAYS, programme_overview

# The soonest expiring validations listed; a large programme has hundreds within 90 days.
EXPIRING_SHOWN = 25


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    if not may_see_programme(request.user):
        raise Http404
    overview = programme_overview(today=timezone.localdate())
    validated = overview.organizations_validated
    chart = stage_chart_build(
        stages=overview.stages,
        peers=validated,
        dom_id="programme-stages",
        title=_("Organizations by validated stage"),
        description=ngettext(
            "Validated stages of %(count)d organization.",
            "Validated stages of %(count)d organizations.",
            validated,
        )
        % {"count": validated},
    )
    return render(
        request,
        "benchmarks/programme.html",
        {
            "overview": overview,
            "chart": chart if validated else None,
            "expiry_days": EXPIRY_WINDOW_DAYS,
            "expiring_shown": overview.expiring[:EXPIRING_SHOWN],
            "stage_numbers": range(8),
        },
    )
