from criteria.models import CatalogVersion
from performance.bulk_export import bulk_export_figures


def test_bulk_export_figures_compare_the_zip_with_single_renders(
    catalog: CatalogVersion,
) -> None:
    figures = {figure.name: figure for figure in bulk_export_figures(count=2)}

    ratio = figures["bulk export: ratio ZIP / sum of single renders"]
    assert (ratio.unit, ratio.value > 0) == ("x", True)
