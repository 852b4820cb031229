"""Submitting an assessment (leads)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
