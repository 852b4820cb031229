"""`manage.py restore FILE`: fill a new, empty installation from a `manage.py backup` archive."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError, restore_read


class Command(BaseCommand):
    help = "Migrate an empty database, then load a backup archive's rows and files into it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        try:
            summary = restore_read(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored {sum(summary.rows.values())} rows of {len(summary.rows)} tables and "
            f"{summary.files} files ({summary.bytes} bytes)"
        )
