"""Vocabularies of exports and export jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJobKind(models.TextChoices):
    SCORECARDS_ZIP = "scorecards_zip", _("Scorecards (ZIP of PDFs)")


class ExportOutput(models.TextChoices):
    """What the admin export page produces: a file at once, or a job in the background."""

    ANSWERS_CSV = "answers_csv", _("Answers as CSV")
    ANSWERS_XLSX = "answers_xlsx", _("Answers as Excel (XLSX)")
    ASSESSMENTS_CSV = "assessments_csv", _("Assessments as CSV")
    ASSESSMENTS_XLSX = "assessments_xlsx", _("Assessments as Excel (XLSX)")
    SCORECARDS_ZIP = "scorecards_zip", _("Scorecards as a ZIP of PDFs, in the background")
