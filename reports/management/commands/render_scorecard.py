import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from assessments.models import Assessment
from reports.pdf import scorecard_filename, scorecard_pdf


class Command(BaseCommand):
    help = "Write the PDF scorecard of an assessment (the same PDF as the download)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int, metavar="ID", help="The assessment's id.")
        parser.add_argument(
            "-o",
            "--output",
            help="The PDF file to write ('-' for standard output). "
            "Default: diam-scorecard-<organization>-<id>.pdf in the current directory.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("organization")
            .filter(pk=options["assessment_id"])
            .first()
        )
        if assessment is None:
            raise CommandError(f"No assessment with id {options['assessment_id']}.")
        # No reader: the organization's view, the assessor's findings only once validated.
        pdf = scorecard_pdf(assessment, now=timezone.now())
        output = options["output"] or scorecard_filename(assessment)
        if output == "-":
            sys.stdout.buffer.write(pdf)
            sys.stdout.buffer.flush()
            return
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
