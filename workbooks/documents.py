"""Reading an uploaded assessment file: diam-assessment/1 JSON, or a FHIR QuestionnaireResponse
(converted by fhir_interop). Nothing is written here; the checks are the exchange format's."""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from assessments.exchange import FORMAT, CatalogIndex, Document, ExchangeError, validate_document
from workbooks.parse import too_large_message

FHIR = "FHIR QuestionnaireResponse"


@dataclass
class DocumentRead:
    source: str = ""  # FORMAT or FHIR
    document: Document | None = None
    errors: list[str] = field(default_factory=list)

    def status_counts(self) -> dict[str, int]:
        if self.document is None:
            return {}
        return dict(Counter(answer.status for answer in self.document.answers))


def document_read(
    data: bytes, *, max_bytes: int, index_for: Callable[[dict[str, Any]], CatalogIndex | None]
) -> DocumentRead:
    """The document in the file, or the reasons it is refused. `index_for` gives the catalog a
    document is checked against (None: no catalog loaded)."""
    if len(data) > max_bytes:
        return DocumentRead(errors=[too_large_message(len(data), max_bytes)])
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return DocumentRead(
            errors=[
                _(
                    "This file is not JSON: upload a diam-assessment/1 file or a FHIR "
                    "QuestionnaireResponse (.json)."
                )
            ]
        )
    if not isinstance(content, dict):
        return DocumentRead(errors=[_("The file must hold one JSON object.")])
    index = index_for(content)
    if index is None:
        return DocumentRead(errors=[_("No catalog is loaded.")])
    if content.get("resourceType") == "QuestionnaireResponse":
        return _fhir(content, index)
    if content.get("format") == FORMAT:
        try:
            return DocumentRead(source=FORMAT, document=validate_document(content, index))
        except ExchangeError as error:
            return DocumentRead(source=FORMAT, errors=list(error.messages))
    return DocumentRead(
        errors=[
            _(
                "Unknown kind of file: expected a diam-assessment/1 document (“format”: "
                "“diam-assessment/1”) or a FHIR QuestionnaireResponse."
            )
        ]
    )


def _fhir(content: dict[str, Any], index: CatalogIndex) -> DocumentRead:
    try:
        from fhir_interop.convert import document_from_questionnaire_response
    except ImportError:
        return DocumentRead(
            source=FHIR, errors=[_("FHIR files cannot be imported yet on this server.")]
        )
    try:
        document = document_from_questionnaire_response(content, index)
    except ExchangeError as error:
        return DocumentRead(source=FHIR, errors=list(error.messages))
    return DocumentRead(source=FHIR, document=document)
