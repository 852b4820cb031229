from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from assessments.access import assessment_access
from diam.downloads import private_download
from reports.pdf import scorecard_filename, scorecard_pdf


@login_required
@private_download
def scorecard_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF scorecard, for members of the organization, its assessor and admins (404 else)."""
    access = assessment_access(request.user, pk)
    pdf = scorecard_pdf(
        access.assessment, now=timezone.now(), show_findings=access.can_see_findings
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=scorecard_filename(access.assessment)
    )
    return response
