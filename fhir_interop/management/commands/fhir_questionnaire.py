import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.management.commands._exchange import catalog_or_error
from fhir_interop.selectors import questionnaire_resource


class Command(BaseCommand):
    help = "Write the catalog as a FHIR R5 Questionnaire (to stdout or -o FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--catalog", default="diam")

    def handle(self, *args: Any, output: str | None, catalog: str, **options: Any) -> None:
        data = questionnaire_resource(catalog_or_error(catalog))
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
