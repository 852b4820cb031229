from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from performance.data import MIXED, VALIDATED, population_build
from performance.database import bench_database


class Command(BaseCommand):
    help = (
        "Make N assessments across organizations (bulk inserts) in a new database of their own "
        "(a temporary SQLite file, or a fresh PostgreSQL database beside DATABASE_URL's); "
        "prints the time taken and the new database's DATABASE_URL. Never touches the "
        "configured database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessments", type=int, default=1000)
        parser.add_argument(
            "--validated",
            action="store_true",
            help="every assessment validated and in force, one per organization (the "
            "population of the benchmarks page and the programme dashboard); by default two per "
            "organization in every state",
        )
        parser.add_argument(
            "--drop", action="store_true", help="drop the new database afterwards (timing only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["assessments"]
        with bench_database(keep=not options["drop"]) as url:
            population = VALIDATED if options["validated"] else MIXED
            seconds = population_build(assessments=count, population=population)
            kind = " validated" if options["validated"] else ""
            self.stdout.write(f"{count:,}{kind} assessments with their answers in {seconds:.1f} s")
            if not options["drop"]:
                self.stdout.write(f"DATABASE_URL={url}")
