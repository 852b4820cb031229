"""The exchange format `diam-assessment/1`: parsing and validation, without Django.

`parse_document` turns JSON text into a `Document` or raises `ExchangeError` with one message
per offending entry, each naming it (`answers[3]: unknown criterion "9.9"`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

FORMAT: Final = "diam-assessment/1"
KINDS: Final = ("hospital", "diagnostic-center", "health-system")
STATUSES: Final = ("met", "partial", "not_met", "na")
AREA_SCOPE: Final = "area"
ENTERPRISE_SCOPE: Final = "enterprise"
COUNTRY_CODE: Final = re.compile(r"^[A-Z]{2}$")
MAX_VOLUME: Final = 2_147_483_647
MAX_TITLE: Final = 200
MAX_COMMENT: Final = 10_000


class ExchangeError(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class CatalogIndex:
    """What validation needs to know of the catalog."""

    slug: str
    scopes: Mapping[str, str]  # criterion code -> "enterprise" | "area" | "baseline"
    area_codes: Collection[str]
    countries: Collection[str]  # ISO 3166-1 alpha-2 codes


@dataclass(frozen=True)
class DocArea:
    code: str
    annual_volume: int | None


@dataclass(frozen=True)
class DocAnswer:
    criterion: str
    status: str
    service_area: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Document:
    organization_name: str
    country: str
    kind: str
    model: str
    title: str | None = None
    service_areas: list[DocArea] = field(default_factory=list)
    answers: list[DocAnswer] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT, "model": self.model}
        if self.title is not None:
            data["title"] = self.title
        data["organization"] = {
            "name": self.organization_name,
            "country": self.country,
            "kind": self.kind,
        }
        data["service_areas"] = [
            {"code": a.code, "annual_volume": a.annual_volume} for a in self.service_areas
        ]
        answers = []
        for answer in self.answers:
            item: dict[str, Any] = {"criterion": answer.criterion}
            if answer.service_area is not None:
                item["service_area"] = answer.service_area
            item["status"] = answer.status
            if answer.comment:
                item["comment"] = answer.comment
            answers.append(item)
        data["answers"] = answers
        return data


def parse_document(text: str, index: CatalogIndex) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            [f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"]
        ) from None
    except RecursionError:
        raise ExchangeError(["malformed JSON: nested too deeply"]) from None
    return validate_document(data, index)


def validate_document(data: Any, index: CatalogIndex) -> Document:
    if not isinstance(data, dict):
        raise ExchangeError(["document: expected a JSON object"])
    errors: list[str] = []
    if data.get("format") != FORMAT:
        raise ExchangeError([f"format: expected {_q(FORMAT)}, got {_q(data.get('format'))}"])
    model = data.get("model")
    if model != index.slug:
        errors.append(f"model: unknown catalog {_q(model)} (expected {_q(index.slug)})")
    title = data.get("title")
    if title is not None and (
        not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE
    ):
        errors.append(f"title: expected a non-empty string of at most {MAX_TITLE} characters")

    name, country, kind = _organization(data.get("organization"), index, errors)
    areas, active = _service_areas(data.get("service_areas"), index, errors)
    answers = _answers(data.get("answers"), index, active, errors)
    if errors:
        raise ExchangeError(errors)
    return Document(
        organization_name=name,
        country=country,
        kind=kind,
        model=str(model),
        title=title,
        service_areas=areas,
        answers=answers,
    )


def _q(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _organization(raw: Any, index: CatalogIndex, errors: list[str]) -> tuple[str, str, str]:
    if not isinstance(raw, dict):
        errors.append("organization: expected an object with name, country and kind")
        return "", "", ""
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors.append("organization.name: expected a non-empty string of at most 200 characters")
        name = ""
    country = raw.get("country")
    if not isinstance(country, str) or country not in index.countries:
        errors.append(f"organization.country: unknown ISO 3166-1 alpha-2 code {_q(country)}")
        country = ""
    kind = raw.get("kind")
    if kind not in KINDS:
        errors.append(f"organization.kind: unknown kind {_q(kind)} (expected {', '.join(KINDS)})")
        kind = ""
    return name.strip(), country, str(kind)


def _service_areas(
    raw: Any, index: CatalogIndex, errors: list[str]
) -> tuple[list[DocArea], set[str]]:
    """The valid areas, and the codes named (so that answers are not blamed for a bad volume)."""
    if not isinstance(raw, list):
        errors.append("service_areas: expected a list")
        return [], set()
    areas: list[DocArea] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(raw):
        where = f"service_areas[{position}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with code and annual_volume")
            continue
        code = item.get("code")
        if not isinstance(code, str) or code not in index.area_codes:
            errors.append(f"{where}: unknown service area {_q(code)}")
            continue
        if code in seen:
            errors.append(
                f"{where}: duplicate service area {_q(code)} (see service_areas[{seen[code]}])"
            )
            continue
        seen[code] = position
        volume = item.get("annual_volume")
        if volume is not None and (
            isinstance(volume, bool) or not isinstance(volume, int) or not 0 <= volume <= MAX_VOLUME
        ):
            errors.append(f"{where}: annual_volume must be a whole number >= 0, got {_q(volume)}")
            continue
        areas.append(DocArea(code=code, annual_volume=volume))
    return areas, set(seen)


def _answers(
    raw: Any, index: CatalogIndex, active: Collection[str], errors: list[str]
) -> list[DocAnswer]:
    if not isinstance(raw, list):
        errors.append("answers: expected a list")
        return []
    answers: list[DocAnswer] = []
    seen: dict[tuple[str, str | None], int] = {}
    for position, item in enumerate(raw):
        where = f"answers[{position}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with criterion and status")
            continue
        code = item.get("criterion")
        scope = index.scopes.get(code) if isinstance(code, str) else None
        if not isinstance(code, str) or scope is None:
            errors.append(f"{where}: unknown criterion {_q(code)}")
            continue
        if scope not in (AREA_SCOPE, ENTERPRISE_SCOPE):
            errors.append(
                f"{where}: criterion {_q(code)} describes the baseline and is not answered"
            )
            continue
        area = item.get("service_area")
        status = item.get("status")
        comment = item.get("comment", "")
        if scope == AREA_SCOPE:
            if area is None:
                errors.append(
                    f"{where}: criterion {_q(code)} is answered per service area; "
                    "service_area is missing"
                )
                continue
            if not isinstance(area, str) or area not in index.area_codes:
                errors.append(f"{where}: unknown service area {_q(area)}")
                continue
            if area not in active:
                errors.append(f"{where}: service area {_q(area)} is not active in this assessment")
                continue
        elif "service_area" in item:
            errors.append(
                f"{where}: criterion {_q(code)} is answered once for the organization; "
                "remove service_area"
            )
            continue
        if status not in STATUSES:
            errors.append(f"{where}: unknown status {_q(status)} (expected {', '.join(STATUSES)})")
            continue
        if status == "na" and scope != AREA_SCOPE:
            errors.append(
                f'{where}: status "na" is only allowed for criteria answered per service area'
            )
            continue
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
            errors.append(f"{where}: comment must be a string of at most {MAX_COMMENT} characters")
            continue
        key: tuple[str, str | None] = (code, area)
        if key in seen:
            target = f"criterion {_q(code)}" + (f" in {_q(area)}" if area else "")
            errors.append(f"{where}: duplicate answer for {target} (see answers[{seen[key]}])")
            continue
        seen[key] = position
        answers.append(DocAnswer(criterion=code, status=status, service_area=area, comment=comment))
    return answers
