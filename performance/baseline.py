"""The section page's baseline: the same URL, served by a view that only checks the log-in and
the permission (`assessment_access`) and returns ready HTML of the page's size.

`BaselineUrlconf` sends requests carrying the `X-Bench-Baseline` header to performance.urls; the
benchmark installs it for the page and the baseline alike, so both go through the same stack.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from assessments.access import assessment_access

HEADER = "X-Bench-Baseline"
READY_HTML: dict[str, bytes] = {"section": b""}


@login_required
def section_ready_html(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    assessment_access(request.user, pk)
    return HttpResponse(READY_HTML["section"])


class BaselineUrlconf:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if HEADER in request.headers:
            request.urlconf = "performance.urls"
        return self.get_response(request)
