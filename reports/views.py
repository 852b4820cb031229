from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from assessments.access import assessment_access
from diam.downloads import private_download
from reports import pdf as reports_pdf


@login_required
@private_download
def scorecard_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF scorecard, for members of the organization, its assessor and admins (404 else),
    in the language of `?lang=` or else the organization's (reports.pdf.scorecard_language)."""
    access = assessment_access(request.user, pk)
    # ?lang=de: a language the site offers; any other value gives the organization's language.
    # Through the module, read at each call: a test's stand-in for the renderer never sticks.
    pdf = reports_pdf.scorecard_pdf(
        access.assessment,
        now=timezone.now(),
        show_findings=access.can_see_findings,
        language=request.GET.get("lang"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=reports_pdf.scorecard_filename(access.assessment)
    )
    return response
