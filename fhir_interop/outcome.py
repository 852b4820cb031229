"""FHIR OperationOutcome: how every error of the FHIR endpoints is reported."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def operation_outcome(
    *, code: str, messages: Sequence[str], severity: str = "error"
) -> dict[str, Any]:
    """`code` from FHIR's IssueType: not-found, login, not-supported, invalid, ..."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": severity, "code": code, "details": {"text": message}}
            for message in messages
        ],
    }
