from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadKind(models.TextChoices):
    WORKBOOK = "workbook", _("Questionnaire workbook")
    DOCUMENT = "document", _("Assessment file (diam-assessment/1 or FHIR)")
