from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workbooks.parse import too_large_message

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        # Refused before a byte is parsed.
        if upload.size > settings.DIAM_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                too_large_message(upload.size, settings.DIAM_IMPORT_MAX_BYTES), code="too_large"
            )
        return upload


class WorkbookUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


class DocumentUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Assessment file (diam-assessment/1 or FHIR QuestionnaireResponse, .json)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


class ConfirmForm(forms.Form):
    """Only the CSRF token: confirming is a POST of the preview's button."""
