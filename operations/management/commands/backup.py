"""`manage.py backup -o FILE`: the database's content and every stored file in one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from operations.backup import backup_write


class Command(BaseCommand):
    help = "Write one archive (.tar.gz) with the database's content and every stored file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, type=Path, help="archive to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        partial = output.with_name(output.name + ".partial")
        summary = backup_write(partial)
        partial.replace(output)  # never a half-written archive under the final name
        self.stdout.write(
            f"{output}: {sum(summary.rows.values())} rows of {len(summary.rows)} tables, "
            f"{summary.files} files ({summary.bytes} bytes)"
        )
        for name in summary.missing:
            self.stderr.write(f"warning: {name} is named in the database but not in the storage")
