"""The upload form and upload handler for evidence files. The checks themselves live in
assessments.evidence.services."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.evidence.services import (
    ACCEPT_ATTRIBUTE,
    evidence_check_upload,
    evidence_clean_name,
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


class EvidenceSizeLimitHandler(FileUploadHandler):
    """Refuses a file while it streams in, as soon as more than `max_bytes` of it arrived: an
    oversized upload is neither kept in memory nor written to a temporary file. Installed first
    for the upload view only; it passes the chunks on to Django's own handlers."""

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0
        self.refused_name: str | None = None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > self.max_bytes:
            self.refused_name = evidence_clean_name(self.file_name or "")
            # The rest of the file is read and dropped, not stored (stopping to read would make
            # the browser show a reset connection instead of our answer); the fields after it
            # (`next`) are still read.
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def evidence_too_large_message(name: str) -> str:
    return _("“%(name)s” is too large: files can be at most %(max)s.") % {
        "name": name,
        "max": size_display(evidence_max_bytes()),
    }


# Refusals of an upload are shown beside the answer they belong to (see the `evidence` template
# tags), recognized by this tag on the message.
MESSAGE_TAG_PREFIX = "evidence-answer-"


def evidence_message_tag(answer_id: int) -> str:
    return f"{MESSAGE_TAG_PREFIX}{answer_id}"


def evidence_message_answer_id(extra_tags: str) -> int | None:
    for tag in extra_tags.split():
        number = tag.removeprefix(MESSAGE_TAG_PREFIX)
        if number != tag and number.isdigit():
            return int(number)
    return None
