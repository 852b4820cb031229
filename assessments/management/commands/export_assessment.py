import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.selectors import assessment_document


class Command(BaseCommand):
    help = "Write an assessment in the diam-assessment/1 format (to stdout or -o FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, id: int, output: str | None, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("organization", "catalog").filter(pk=id).first()
        )
        if assessment is None:
            raise CommandError(_("assessment %(id)d does not exist") % {"id": id})
        text = json.dumps(assessment_document(assessment).as_dict(), indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
