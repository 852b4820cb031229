from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.evidence.services import (
    evidence_past_retention,
    evidence_retention_delete,
    size_display,
)


class Command(BaseCommand):
    help = (
        "List the evidence files of assessments validated DIAM_EVIDENCE_RETENTION_YEARS or more "
        "years ago (a dry run); --apply removes the files and their rows, recorded in each "
        "assessment's timeline. Meant for a daily scheduled task."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="remove the files listed (default: dry run)"
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="years after the validation (default: DIAM_EVIDENCE_RETENTION_YEARS)",
        )

    def handle(self, *args: Any, apply: bool, years: int | None, **options: Any) -> None:
        if years is None:
            years = int(settings.DIAM_EVIDENCE_RETENTION_YEARS)
        if years <= 0:
            self.stdout.write(
                _("Evidence retention is off (DIAM_EVIDENCE_RETENTION_YEARS is 0): nothing to do.")
            )
            return
        files = list(evidence_past_retention(now=timezone.now(), years=years))
        for evidence in files:
            assessment = evidence.answer.assessment
            self.stdout.write(
                f"{assessment.organization.name}\t{assessment.title}\t"
                f"{assessment.validated_at:%Y-%m-%d}\t{evidence.original_name}\t"
                f"{size_display(evidence.size)}"
            )
        summary = ngettext(
            "%(count)d evidence file validated %(years)d or more years ago, %(size)s in total.",
            "%(count)d evidence files validated %(years)d or more years ago, %(size)s in total.",
            len(files),
        ) % {
            "count": len(files),
            "years": years,
            "size": size_display(sum(e.size for e in files)),
        }
        if not files:
            self.stdout.write(summary)
        elif apply:
            for evidence in files:
                evidence_retention_delete(evidence=evidence)
            self.stdout.write(summary + " " + _("Removed."))
        else:
            self.stdout.write(summary + " " + _("Dry run, nothing removed: --apply removes them."))
