"""Evidence files: upload, download (as attachment), delete. (helper-owned: evidence)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def evidence_upload(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    raise Http404


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    raise Http404


@login_required
def evidence_delete(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    raise Http404
