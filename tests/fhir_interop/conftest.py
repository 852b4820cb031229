from typing import Any

import pytest

from assessments.exchange import CatalogIndex, validate_document
from assessments.models import Assessment
from assessments.services import assessment_import, catalog_index
from criteria.models import CatalogVersion
from fhir_interop.selectors import assessment_questionnaire_response
from tests.fhir_interop.documents import full_document


@pytest.fixture
def index(catalog: CatalogVersion) -> CatalogIndex:
    return catalog_index(catalog)


@pytest.fixture
def imported(catalog: CatalogVersion, index: CatalogIndex) -> Assessment:
    """The full document, imported as a draft assessment."""
    document = validate_document(full_document(), index)
    return assessment_import(document=document, catalog=catalog)


@pytest.fixture
def response(imported: Assessment) -> dict[str, Any]:
    """The imported assessment as a QuestionnaireResponse (canonical URLs from the settings)."""
    return assessment_questionnaire_response(imported)
