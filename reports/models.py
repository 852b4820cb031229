import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.enums import ExportJobKind, ExportJobStatus
from reports.exports.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE


def export_path(instance: "ExportJob", filename: str) -> str:
    # A random name: the link to it is the job page, which checks permissions.
    return f"exports/{uuid.uuid4().hex}{PurePath(filename).suffix or '.zip'}"


def export_item_path(instance: "ExportJobItem", filename: str) -> str:
    return f"exports/parts/{uuid.uuid4().hex}.pdf"


# A data export's file: its name's stem and extension, and its content type.
DATA_FILES = {
    ExportJobKind.ANSWERS_CSV: ("answers", "csv", CSV_CONTENT_TYPE),
    ExportJobKind.ANSWERS_XLSX: ("answers", "xlsx", XLSX_CONTENT_TYPE),
    ExportJobKind.ASSESSMENTS_CSV: ("assessments", "csv", CSV_CONTENT_TYPE),
    ExportJobKind.ASSESSMENTS_XLSX: ("assessments", "xlsx", XLSX_CONTENT_TYPE),
}


class ExportJob(models.Model):
    """A background export and its progress: the scorecards of many assessments in one ZIP
    (`total` and `done` count scorecards), or the answers or assessments as one CSV or XLSX file
    (they count rows).

    Its state changes only through reports.exports.services."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=ExportJobKind.choices,
        default=ExportJobKind.SCORECARDS_ZIP,
    )
    # The filter the admin used (for display), and the assessments it selected when asked.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    assessment_ids = models.JSONField(_("assessment ids"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    # [{"assessment": id, "message": "..."}] for each scorecard that could not be rendered.
    failures = models.JSONField(_("failures"), default=list, blank=True)
    file = models.FileField(_("file"), upload_to=export_path, max_length=255, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The lease of the worker running the job: who holds it (host, process and a token of this
    # run) and when it last moved (with every scorecard). A running job whose lease expired lost
    # its worker: another worker resumes it (reports.worker), keeping the scorecards in `items`.
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    progressed_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportJobStatus.values), name="export_job_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExportJobKind.values), name="export_job_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="export_job_done_lte_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ExportJobStatus.DONE, ExportJobStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 100 if self.is_finished else 0
        return 100 * self.done // self.total

    @property
    def percent_step(self) -> int:
        """The progress in steps of 5 %, rounded down (the progress bar's CSS class)."""
        return 5 * (self.percent // 5)

    @property
    def is_scorecards(self) -> bool:
        return self.kind == ExportJobKind.SCORECARDS_ZIP

    @property
    def download_name(self) -> str:
        if self.is_scorecards:
            return f"scorecards-{self.pk}.zip"
        stem, extension, _content_type = DATA_FILES[ExportJobKind(self.kind)]
        return f"{stem}-{self.pk}.{extension}"

    @property
    def content_type(self) -> str:
        if self.is_scorecards:
            return "application/zip"
        return DATA_FILES[ExportJobKind(self.kind)][2]


class ExportJobItem(models.Model):
    """One assessment of a job, done: its scorecard (until the ZIP is made) or why it failed.

    Written as each scorecard is finished, so a job resumed by another worker does not render it
    again."""

    job = models.ForeignKey(
        ExportJob, on_delete=models.CASCADE, related_name="items", verbose_name=_("export job")
    )
    # Not a foreign key: the item records what was done even if the assessment is deleted later.
    assessment_id = models.PositiveIntegerField(_("assessment id"))
    name = models.CharField(_("name in the ZIP"), max_length=255, blank=True)
    # Emptied once the ZIP holds the scorecard.
    file = models.FileField(_("file"), upload_to=export_item_path, max_length=255, blank=True)
    message = models.TextField(_("failure"), blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("export job item")
        verbose_name_plural = _("export job items")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "assessment_id"], name="export_job_item_once_per_assessment"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.job_id} / {self.assessment_id}"
