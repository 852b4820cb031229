"""The home page of a signed-in user."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from assessments.access import may_use_review_queue, organizations_for_user
from assessments.dashboard import organization_dashboards_attach
from assessments.review.selectors import review_queue_count
from assessments.selectors import organization_overviews
from assignments.selectors import section_assignment_list_for_user
from benchmarks.selectors import benchmark_position_map

# Staff see every organization: page them so the home page stays fast.
ORGANIZATIONS_PER_PAGE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        organizations_for_user(request.user).order_by("name", "pk"), ORGANIZATIONS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    reviewer = may_use_review_queue(request.user)
    today = timezone.localdate()
    organizations = list(page.object_list)
    # Each organization's dashboard: its stages, next steps, trend and position among peers.
    overviews = organization_dashboards_attach(
        overviews=organization_overviews(request.user, organizations),
        positions=benchmark_position_map(organizations=organizations, today=today),
        today=today,
    )
    return render(
        request,
        "assessments/home.html",
        {
            "page": page,
            "overviews": overviews,
            # Assessors and admins: how many assessments wait in their review queue.
            "review_count": review_queue_count(request.user) if reviewer else None,
            "review_nav": reviewer,
            # The sections a lead assigned to the user, with their completion and due date.
            "assignments": section_assignment_list_for_user(user=request.user),
            "today": today,
        },
    )
