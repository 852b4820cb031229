from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.management.commands._exchange import catalog_or_error, read_document
from assessments.services import assessment_import


class Command(BaseCommand):
    help = (
        "Import a diam-assessment/1 file or a FHIR QuestionnaireResponse as a new draft "
        "assessment; prints its id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--catalog", default="diam")

    def handle(self, *args: Any, file: str, catalog: str, **options: Any) -> None:
        version = catalog_or_error(catalog)
        document = read_document(file, version)
        assessment = assessment_import(document=document, catalog=version)
        self.stdout.write(str(assessment.pk))
