import pytest

from criteria.loader import catalog_load
from criteria.models import CatalogVersion


@pytest.fixture
def catalog(db: None) -> CatalogVersion:
    """The real DIAM catalog, loaded from its fixture."""
    catalog_load()
    return CatalogVersion.objects.get(slug="diam")
