from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.evidence.services import (
    evidence_orphans_delete,
    evidence_orphans_list,
    size_display,
)


class Command(BaseCommand):
    help = (
        "List the files of the evidence folder that no evidence row references, with their total "
        "size; --delete removes them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="delete the files listed")
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            metavar="MINUTES",
            help="leave out files changed in the last MINUTES minutes, which an upload in "
            "progress may not have given a row yet (default: 60)",
        )

    def handle(self, *args: Any, delete: bool, min_age: int, **options: Any) -> None:
        orphans = evidence_orphans_list(modified_before=timezone.now() - timedelta(minutes=min_age))
        for orphan in orphans:
            self.stdout.write(f"{orphan.name}\t{size_display(orphan.size)}")
        summary = ngettext(
            "%(count)d orphaned file, %(size)s in total.",
            "%(count)d orphaned files, %(size)s in total.",
            len(orphans),
        ) % {"count": len(orphans), "size": size_display(sum(o.size for o in orphans))}
        if not orphans:
            self.stdout.write(summary)
        elif delete:
            evidence_orphans_delete(orphans=orphans)
            self.stdout.write(summary + " " + _("Deleted."))
        else:
            self.stdout.write(summary + " " + _("Nothing deleted: --delete removes them."))
