"""The survey workspace: section pages, saving and autosave."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


@login_required
def section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    raise Http404


@login_required
def autosave(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    raise Http404
