import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.selectors import assessment_document
from fhir_interop.selectors import assessment_questionnaire_response

FORMATS = ("diam", "fhir")


class Command(BaseCommand):
    help = (
        "Write an assessment in the diam-assessment/1 format, or as a FHIR R5 "
        "QuestionnaireResponse with --format fhir (to stdout or -o FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="diam",
            help="diam: diam-assessment/1 (default); fhir: a FHIR R5 QuestionnaireResponse",
        )

    def handle(self, *args: Any, id: int, output: str | None, format: str, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("organization", "catalog").filter(pk=id).first()
        )
        if assessment is None:
            raise CommandError(_("assessment %(id)d does not exist") % {"id": id})
        if format == "fhir":
            data = assessment_questionnaire_response(assessment)
        else:
            data = assessment_document(assessment).as_dict()
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
