import pytest

from assessments.sections import catalog_sections
from criteria.loader import catalog_load
from criteria.models import CatalogVersion


@pytest.fixture
def catalog(db: None) -> CatalogVersion:
    """The real DIAM catalog, loaded from its fixture, with its sections in memory as after a
    server's first request (so that query counts are the same for every request of a test)."""
    catalog_load()
    catalog = CatalogVersion.objects.get(slug="diam")
    catalog_sections(catalog.pk, revision=catalog.revision)
    return catalog
