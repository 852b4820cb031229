"""An uploaded file waiting for the user's confirmation: what its preview showed is kept here,
under a random token, until it is applied (then deleted) or left to expire."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Organization
from workbooks.enums import UploadKind


class PendingUpload(models.Model):
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=UploadKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # The assessment a workbook belongs to; empty for a file that starts a new assessment.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    # A workbook: its rows and the plan the preview showed; a file: the diam-assessment/1
    # document it holds (a FHIR QuestionnaireResponse is stored converted).
    payload = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("upload waiting for confirmation")
        verbose_name_plural = _("uploads waiting for confirmation")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=UploadKind.values), name="pending_upload_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name
