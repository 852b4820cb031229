"""The Results page: the whole score explained, with a heat map."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
