"""Documents and helpers shared by the FHIR tests."""

import json
from pathlib import Path
from typing import Any

from django.apps import apps

from fhir_interop.canonical import Canonical

CANONICAL = Canonical(base="https://diam.example.org/fhir")


def full_document() -> dict[str, Any]:
    """A diam-assessment/1 document using every kind of answer: per-area answers with `na`,
    enterprise answers of every other status, multi-line comments, volumes that decide 2.1."""
    return {
        "format": "diam-assessment/1",
        "model": "diam",
        "title": "Self-assessment 2026",
        "organization": {"name": "St. Example Hospital", "country": "DE", "kind": "hospital"},
        "service_areas": [
            {"code": "radiology", "annual_volume": 120000},
            {"code": "cardiology", "annual_volume": 30000},
            {"code": "endoscopy", "annual_volume": None},
        ],
        "answers": [
            {
                "criterion": "1.1",
                "service_area": "radiology",
                "status": "met",
                "comment": "RIS/PACS since 2015",
            },
            {"criterion": "1.1", "service_area": "cardiology", "status": "met"},
            {"criterion": "1.1", "service_area": "endoscopy", "status": "na"},
            {"criterion": "2.1", "service_area": "radiology", "status": "met"},
            {"criterion": "2.1", "service_area": "cardiology", "status": "not_met"},
            {"criterion": "2.2", "status": "met", "comment": "Import station\nin the ED"},
            {"criterion": "3.1", "status": "met"},
            {"criterion": "3.2", "status": "partial", "comment": "  two of five workflows  "},
            {"criterion": "3.3", "service_area": "radiology", "status": "met"},
            {"criterion": "3.3", "service_area": "cardiology", "status": "partial"},
            {"criterion": "A.1", "service_area": "radiology", "status": "met"},
            {"criterion": "B.1", "status": "not_met"},
            {"criterion": "C.1", "status": "met"},
            {"criterion": "C.2", "status": "met"},
            {"criterion": "C.3", "status": "met"},
            {"criterion": "C.4", "status": "met", "comment": "Dashboards, Überblick"},
        ],
    }


def write_json(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return str(path)


def row_counts() -> dict[str, int]:
    """Rows of every model of the assessments app (Organization, Assessment, Answer, ...)."""
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("assessments").get_models()
    }
