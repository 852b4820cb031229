"""Data exports and background export jobs.

One assessment's answers: for whoever may see the assessment, made in the request. The export
page, the jobs and their files: for admins (staff) only; anyone else gets a 404, never a hint
that the page exists. Every export of the export page is a background job (reports.tasks): a
request never reads the rows of many assessments.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from assessments.access import assessment_access
from assessments.models import Assessment
from diam.downloads import private_download, stored_file_response
from reports.enums import ExportOutput
from reports.exports.files import data_export
from reports.exports.forms import ExportForm
from reports.exports.services import export_job_stalled
from reports.models import ExportJob
from reports.selectors import assessment_export_filter
from reports.tasks import data_export_request, scorecards_export_request

FORMATS = {"csv": ExportOutput.ANSWERS_CSV, "xlsx": ExportOutput.ANSWERS_XLSX}
RECENT_JOBS = 20


def _staff_or_404(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user.is_staff:
        raise Http404


@login_required
@require_GET
@private_download
def assessment_answers_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    assessment = access.assessment
    return data_export(
        FORMATS[fmt],
        Assessment.objects.filter(pk=assessment.pk),
        stem=f"{assessment.organization.slug}-{assessment.pk}",
        with_verdicts=access.can_see_verdicts,
    ).response()


@login_required
@require_http_methods(["GET", "POST"])
def export_index(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request.user)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessments = assessment_export_filter(**form.filters())
        output = form.cleaned_data["output"]
        ids = list(assessments.values_list("pk", flat=True))
        if ids:
            filters = form.filters_for_display()
            if output == ExportOutput.SCORECARDS_ZIP:
                job = scorecards_export_request(
                    user=request.user, assessment_ids=ids, filters=filters
                )
            else:
                job = data_export_request(
                    user=request.user, output=output, assessment_ids=ids, filters=filters
                )
            return redirect("export_job", job.pk)
        form.add_error(None, _("No assessment matches these filters: there is nothing to export."))
    jobs = ExportJob.objects.select_related("created_by")[:RECENT_JOBS]
    return render(request, "reports/export_index.html", {"form": form, "jobs": jobs})


def _filter_labels(job: ExportJob) -> list[tuple[str, str]]:
    """The job's filters as (label, value) lines, with the choices' labels."""
    fields = ExportForm.base_fields
    labels = []
    for name, value in job.filters.items():
        field = fields.get(name)
        if field is None:
            labels.append((name, str(value)))
            continue
        if name == "country":
            text = countries.name(value) or value
        else:
            text = dict(getattr(field, "choices", None) or []).get(value, value)
        labels.append((str(field.label), str(text)))
    return labels


@login_required
@require_GET
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    _staff_or_404(request.user)
    job = get_object_or_404(ExportJob.objects.select_related("created_by"), pk=job_id)
    context = {
        "job": job,
        "filters": _filter_labels(job),
        "stalled": export_job_stalled(job=job, now=timezone.now()),
    }
    return render(request, "reports/job.html", context)


@login_required
@require_GET
def export_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress fragment that the job page polls (htmx) until the job is finished."""
    _staff_or_404(request.user)
    job = get_object_or_404(ExportJob, pk=job_id)
    context = {"job": job, "stalled": export_job_stalled(job=job, now=timezone.now())}
    return render(request, "reports/job_progress.html", context)


@login_required
@require_GET
@private_download
def export_job_download(request: HttpRequest, job_id: int) -> FileResponse:
    _staff_or_404(request.user)
    job = get_object_or_404(ExportJob, pk=job_id)
    if not job.file:
        raise Http404
    return stored_file_response(
        job.file.storage,
        job.file.name,
        as_attachment=True,
        filename=job.download_name,
        content_type=job.content_type,
    )
