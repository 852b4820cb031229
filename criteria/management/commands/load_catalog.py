from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from criteria.loader import DEFAULT_FIXTURE, catalog_load


class Command(BaseCommand):
    help = "Load or update the DIAM catalog from its fixture. Safe to run any number of times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DEFAULT_FIXTURE)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        summary = catalog_load(path=path)
        self.stdout.write(
            f"Catalog {summary.catalog}: {summary.stages} stages, {summary.groups} groups, "
            f"{summary.service_areas} service areas, {summary.criteria} criteria "
            f"({summary.created} created, {summary.updated} updated)."
        )
        if summary.translations:
            languages = ", ".join(
                f"{language} {count}" for language, count in summary.translations.items()
            )
            self.stdout.write(
                f"Translations: {languages} fields ({summary.translations_created} created, "
                f"{summary.translations_changed} changed, {summary.translations_removed} removed)."
            )
