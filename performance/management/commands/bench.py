import logging
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from performance.measure import Figure

# "scale" and "benchmarks" share the population of each size (performance.scale).
PARTS = ("engine", "pages", "scorecard", "bulk", "scale", "benchmarks")


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"--sizes takes numbers separated by commas, got {value!r}") from None
    if not sizes or min(sizes) < 1:
        raise CommandError("--sizes needs at least one size of 1 or more")
    return sizes


class Command(BaseCommand):
    help = (
        "Print the performance figures of the project: medians, each with its goal, and ratios "
        "against baselines measured in the same run. Runs on a database of its own (a "
        "temporary SQLite file, or a fresh PostgreSQL database beside DATABASE_URL's)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sizes",
            type=_sizes,
            default=[10, 1000],
            help="numbers of assessments for the admin, queue, export, benchmarks and programme "
            "figures (default 10,1000; the full run: 10,1000,10000, which takes minutes)",
        )
        parser.add_argument(
            "--only", choices=PARTS, action="append", help="run only these parts (repeatable)"
        )
        parser.add_argument(
            "--scorecards", type=int, default=100, help="scorecards in the bulk export (100)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from performance.database import bench_database

        parts = options["only"] or PARTS
        # django-axes logs every log-in of the benchmarks' clients, the export job every
        # scorecard, at INFO: not among the figures.
        for name in ("", "axes", "django_tasks", "reports"):
            logging.getLogger(name).setLevel(logging.WARNING)
        # DEBUG off, as in production: no query log behind every query measured.
        with bench_database() as url, override_settings(DEBUG=False):
            self.stdout.write(f"database of the benchmarks: {url.split('@')[-1]}")
            for figure in self._figures(parts, options):
                self.stdout.write(figure.line())
                self.stdout.flush()

    def _figures(self, parts: tuple[str, ...], options: dict[str, Any]) -> Iterator[Figure]:
        from assessments.scoring import catalog_rules
        from criteria.models import CatalogVersion, ServiceArea
        from performance.bulk_export import bulk_export_figures
        from performance.engine import engine_figures
        from performance.pages import (
            admin_change_form_figures,
            autosave_figures,
            section_page_figures,
        )
        from performance.scale import scale_figures
        from performance.scorecard import scorecard_figures

        if "engine" in parts:
            rules = catalog_rules(CatalogVersion.objects.get(slug="diam").pk)
            area_codes = list(ServiceArea.objects.order_by("order").values_list("code", flat=True))
            yield from engine_figures(rules, area_codes)
        if "pages" in parts:
            yield from section_page_figures()
            yield from autosave_figures()
            yield from admin_change_form_figures()
        if "scorecard" in parts:
            yield from scorecard_figures()
        if "bulk" in parts:
            yield from bulk_export_figures(options["scorecards"])
        if "scale" in parts or "benchmarks" in parts:
            yield from scale_figures(
                options["sizes"], scale="scale" in parts, benchmarks="benchmarks" in parts
            )
