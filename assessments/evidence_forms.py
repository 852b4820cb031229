"""The upload form for evidence files. The checks themselves live in assessments.evidence."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.evidence import (
    ACCEPT_ATTRIBUTE,
    evidence_check_upload,
    evidence_max_bytes,
    size_display,
)


def evidence_upload_label() -> str:
    return _("Attach evidence (PDF, PNG, JPEG, DOCX, XLSX, max %(max)s)") % {
        "max": size_display(evidence_max_bytes())
    }


class EvidenceUploadForm(forms.Form):
    # Empty files get our own message (evidence_validate), hence allow_empty_file.
    file = forms.FileField(
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": gettext_lazy("Choose a file to attach.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = evidence_upload_label()

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        evidence_check_upload(upload)
        return upload
