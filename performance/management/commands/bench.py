from typing import Any

from django.core.management.base import BaseCommand

from assessments.scoring import catalog_rules
from criteria.loader import catalog_load
from criteria.models import CatalogVersion, ServiceArea
from performance.bulk_export import bulk_export_figures
from performance.measure import engine_figures, section_page_figures
from performance.scorecard import scorecard_figures


class Command(BaseCommand):
    help = "Print the performance figures of the project (medians and ratios, same run)."

    def handle(self, *args: Any, **options: Any) -> None:
        catalog_load()
        catalog = CatalogVersion.objects.get(slug="diam")
        rules = catalog_rules(catalog.pk)
        area_codes = list(ServiceArea.objects.values_list("code", flat=True))
        for figure in engine_figures(rules, area_codes):
            self.stdout.write(figure.line())
        for figure in section_page_figures():
            self.stdout.write(figure.line())
        for figure in scorecard_figures():
            self.stdout.write(figure.line())
        for figure in bulk_export_figures():
            self.stdout.write(figure.line())
