"""Organization profile, members, new assessments and their active areas (leads, admins)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


@login_required
def organization_members(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


@login_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


@login_required
def assessment_areas(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
