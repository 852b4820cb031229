"""Vocabularies of exports and export jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJobKind(models.TextChoices):
    """What a background export makes (the data files have the values of ExportOutput)."""

    SCORECARDS_ZIP = "scorecards_zip", _("Scorecards (ZIP of PDFs)")
    ANSWERS_CSV = "answers_csv", _("Answers (CSV)")
    ANSWERS_XLSX = "answers_xlsx", _("Answers (Excel)")
    ASSESSMENTS_CSV = "assessments_csv", _("Assessments (CSV)")
    ASSESSMENTS_XLSX = "assessments_xlsx", _("Assessments (Excel)")


class ExportOutput(models.TextChoices):
    """What the admin export page produces, always in a background job (ExportJobKind)."""

    ANSWERS_CSV = "answers_csv", _("Answers as CSV")
    ANSWERS_XLSX = "answers_xlsx", _("Answers as Excel (XLSX)")
    ASSESSMENTS_CSV = "assessments_csv", _("Assessments as CSV")
    ASSESSMENTS_XLSX = "assessments_xlsx", _("Assessments as Excel (XLSX)")
    SCORECARDS_ZIP = "scorecards_zip", _("Scorecards as a ZIP of PDFs, in the background")
