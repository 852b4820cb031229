"""A QuestionnaireResponse back to the exchange format's `Document` (no database).

The response is parsed with fhir.resources' R5 model, read item by item (each problem named by the
item's linkId), then handed to `assessments.exchange.validate_document`, so that an import from
FHIR passes exactly the checks of an import from `diam-assessment/1`. Problems come back as one
`ExchangeError` holding every message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils.translation import gettext as _
from fhir.resources.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from assessments.exchange import (
    AREA_SCOPE,
    ENTERPRISE_SCOPE,
    FORMAT,
    MAX_VOLUME,
    STATUSES,
    CatalogIndex,
    Document,
    ExchangeError,
    parse_document,
    validate_document,
)
from fhir_interop.canonical import (
    ORGANIZATION_ID,
    SERVICE_AREAS,
    SERVICE_AREAS_AREA,
    SERVICE_AREAS_VOLUME,
    Canonical,
    area_link,
    canonical_from_settings,
    comment_link,
    status_link,
)

RESOURCE_TYPE: Final = "QuestionnaireResponse"
# entered-in-error: the response should never have existed; it is not imported.
IMPORTABLE_STATUSES: Final = ("in-progress", "completed", "amended", "stopped")
SECTION_LINK: Final = re.compile(r"^(stage|group)-[0-9A-Za-z]+$")
# Messages of validate_document that name an entry of the document, to be renamed by linkId.
ENTRY: Final = re.compile(r"^(answers|service_areas)\[(\d+)\]: ")
ORGANIZATION_FIELDS: Final = {
    "organization.name": "Organization.name",
    "organization.country": "Organization.contact.address.country",
    "organization.kind": "Organization.type",
    "organization": "subject",
    "title": "extension (assessment title)",
}


def is_questionnaire_response(data: Any) -> bool:
    return isinstance(data, dict) and data.get("resourceType") == RESOURCE_TYPE


def document_from_questionnaire_response(
    data: dict[str, Any], index: CatalogIndex, *, canonical: Canonical | None = None
) -> Document:
    """The Document a diam-assessment/1 file with the same content would give, or ExchangeError
    with a message naming the linkId of each offending item."""
    canonical = canonical or canonical_from_settings()
    if not is_questionnaire_response(data):
        got = data.get("resourceType") if isinstance(data, dict) else None
        raise ExchangeError(
            [
                _("resourceType: expected %(expected)s, got %(got)s")
                % {"expected": _q(RESOURCE_TYPE), "got": _q(got)}
            ]
        )
    try:
        QuestionnaireResponse.model_validate(data)
    except ValidationError as error:
        raise ExchangeError(_model_errors(data, error)) from None
    reader = _Reader(data=data, index=index, canonical=canonical)
    raw = reader.read()
    # The entries the reader kept go through the exchange format's checks, every message told.
    try:
        document = validate_document(raw, index)
    except ExchangeError as error:
        messages = [
            reader.rename(message)
            for message in error.messages
            if not (reader.organization_missing and message.startswith("organization"))
        ]
        raise ExchangeError([*reader.errors, *messages]) from None
    if reader.errors:
        raise ExchangeError(reader.errors)
    return document


def _q(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _model_errors(data: dict[str, Any], error: ValidationError) -> list[str]:
    """fhir.resources' complaints, each named by the linkId of the innermost item it is in."""
    messages = []
    for problem in error.errors():
        location = problem["loc"]
        link_id = None
        node: Any = data
        for step in location:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict) and isinstance(node.get("linkId"), str):
                link_id = node["linkId"]
        path = ".".join(str(step) for step in location)
        if link_id is None:
            messages.append(
                _("%(path)s: not valid FHIR R5: %(problem)s")
                % {"path": path, "problem": problem["msg"]}
            )
        else:
            messages.append(
                _("item %(link_id)s: %(path)s: not valid FHIR R5: %(problem)s")
                % {"link_id": _q(link_id), "path": path, "problem": problem["msg"]}
            )
    return messages


def _items(node: Any) -> list[dict[str, Any]]:
    items = node.get("item") if isinstance(node, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


@dataclass
class _Reader:
    data: dict[str, Any]
    index: CatalogIndex
    canonical: Canonical
    errors: list[str] = field(default_factory=list)
    # Where each entry of the built document came from, to rename validate_document's messages.
    area_places: list[str] = field(default_factory=list)
    answer_places: list[str] = field(default_factory=list)
    area_codes: set[str] = field(default_factory=set)
    organization_missing: bool = False

    def read(self) -> dict[str, Any]:
        self._check_status()
        model = self._check_questionnaire()
        document: dict[str, Any] = {"format": FORMAT, "model": model}
        title = self._title()
        if title is not None:
            document["title"] = title
        document["organization"] = self._organization()
        areas_items, criteria_items = self._split(_items(self.data))
        document["service_areas"] = self._service_areas(areas_items)
        # The areas named, valid or not: answers are not blamed for an area's bad volume.
        document["answers"] = self._answers(criteria_items, set(self.area_codes))
        return document

    def rename(self, message: str) -> str:
        match = ENTRY.match(message)
        if match:
            places = self.answer_places if match[1] == "answers" else self.area_places
            position = int(match[2])
            if position < len(places):
                return f"{places[position]}: {message[match.end() :]}"
            return message
        head, colon, rest = message.partition(":")
        if colon and head in ORGANIZATION_FIELDS:
            return f"{ORGANIZATION_FIELDS[head]}:{rest}"
        return message

    # The resource's own elements.

    def _check_status(self) -> None:
        status = self.data.get("status")
        if status not in IMPORTABLE_STATUSES:
            self.errors.append(
                _("status: a QuestionnaireResponse with status %(status)s is not imported")
                % {"status": _q(status)}
            )

    def _check_questionnaire(self) -> str:
        """The catalog the response answers: our Questionnaire's canonical URL, with its version
        or without one."""
        slug = self.index.slug
        url = self.canonical.questionnaire(slug)
        given = self.data.get("questionnaire")
        if given not in (url, self.canonical.questionnaire_versioned(slug)):
            self.errors.append(
                _("questionnaire: expected %(expected)s, got %(got)s")
                % {"expected": _q(self.canonical.questionnaire_versioned(slug)), "got": _q(given)}
            )
        return slug

    def _title(self) -> Any:
        for extension in self.data.get("extension") or []:
            if isinstance(extension, dict) and extension.get("url") == (
                self.canonical.title_extension
            ):
                return extension.get("valueString")
        return None

    def _organization(self) -> dict[str, Any]:
        """The subject: a reference to the contained Organization (name, country, kind)."""
        subject = self.data.get("subject")
        if not isinstance(subject, dict):
            self.errors.append(
                _("subject: missing organization (a reference to a contained Organization)")
            )
            self.organization_missing = True
            return {}
        reference = subject.get("reference")
        contained = [
            resource
            for resource in self.data.get("contained") or []
            if isinstance(resource, dict)
            and resource.get("resourceType") == "Organization"
            and f"#{resource.get('id')}" == reference
        ]
        if not contained:
            self.errors.append(
                _(
                    "subject: missing organization: expected a reference to a contained "
                    "Organization (%(reference)s), got %(got)s"
                )
                % {"reference": _q(f"#{ORGANIZATION_ID}"), "got": _q(reference)}
            )
            self.organization_missing = True
            return {}
        organization = contained[0]
        # R5 moved the address into the contact (ExtendedContactDetail).
        countries = [
            contact["address"].get("country")
            for contact in organization.get("contact") or []
            if isinstance(contact.get("address"), dict)
        ]
        kinds = [
            coding.get("code")
            for concept in organization.get("type") or []
            for coding in concept.get("coding") or []
            if coding.get("system") == self.canonical.organization_kind
        ]
        return {
            "name": organization.get("name", subject.get("display")),
            "country": countries[0] if countries else None,
            "kind": kinds[0] if kinds else None,
        }

    # Items.

    def _split(
        self, items: list[dict[str, Any]]
    ) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
        """The service-areas items and the criterion items, each with its place, in order.
        Criterion items sit in a section (stage-1, group-A) or at the top."""
        areas: list[tuple[str, dict[str, Any]]] = []
        criteria: list[tuple[str, dict[str, Any]]] = []
        for link_id, place, item in self._numbered(items):
            if link_id == SERVICE_AREAS:
                areas.append((place, item))
            elif link_id in self.index.scopes:
                criteria.append((place, item))
            elif isinstance(link_id, str) and SECTION_LINK.match(link_id) and "answer" not in item:
                for child_id, child_place, child in self._numbered(_items(item)):
                    if child_id in self.index.scopes:
                        criteria.append((child_place, child))
                    else:
                        self._unknown(child_place, child_id)
            else:
                self._unknown(place, link_id)
        return areas, criteria

    def _numbered(self, items: list[dict[str, Any]]) -> Iterator[tuple[Any, str, dict[str, Any]]]:
        """Each item with its place: `item "1.1"`, and `item "1.1" #2` for the second of a
        repeating group."""
        seen: dict[Any, int] = {}
        for item in items:
            link_id = item.get("linkId")
            seen[link_id] = seen.get(link_id, 0) + 1
            place = _("item %(link_id)s") % {"link_id": _q(link_id)}
            if seen[link_id] > 1:
                place = f"{place} #{seen[link_id]}"
            yield link_id, place, item

    def _unknown(self, place: str, link_id: Any) -> None:
        self.errors.append(
            _("%(place)s: unknown linkId %(link_id)s in the DIAM questionnaire")
            % {"place": place, "link_id": _q(link_id)}
        )

    def _children(
        self, place: str, item: dict[str, Any], expected: tuple[str, ...]
    ) -> dict[str, tuple[str, dict[str, Any]]] | None:
        """The one answer of each expected child item (by linkId), or None after an error."""
        if item.get("answer"):
            self.errors.append(
                _("%(place)s: a group holds its answers in its items, not in answer")
                % {"place": place}
            )
            return None
        answers: dict[str, tuple[str, dict[str, Any]]] = {}
        ok = True
        for child in _items(item):
            link_id = child.get("linkId")
            child_place = _("item %(link_id)s (in %(parent)s)") % {
                "link_id": _q(link_id),
                "parent": place,
            }
            if link_id not in expected:
                self._unknown(child_place, link_id)
                ok = False
                continue
            if link_id in answers:
                self.errors.append(_("%(place)s: given twice") % {"place": child_place})
                ok = False
                continue
            values = child.get("answer") or []
            if len(values) > 1:
                self.errors.append(
                    _("%(place)s: expected one answer, got %(count)d")
                    % {"place": child_place, "count": len(values)}
                )
                ok = False
                continue
            if values:
                answers[link_id] = (child_place, values[0])
        return answers if ok else None

    def _coding(self, place: str, answer: dict[str, Any], system: str) -> str | None:
        coding = answer.get("valueCoding")
        if not isinstance(coding, dict):
            self.errors.append(_("%(place)s: expected a valueCoding") % {"place": place})
            return None
        if coding.get("system") != system:
            self.errors.append(
                _("%(place)s: expected a code of %(expected)s, got system %(got)s")
                % {"place": place, "expected": _q(system), "got": _q(coding.get("system"))}
            )
            return None
        code = coding.get("code")
        return code if isinstance(code, str) else None

    def _service_areas(self, items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        areas: list[dict[str, Any]] = []
        seen: dict[str, str] = {}
        for place, item in items:
            answers = self._children(place, item, (SERVICE_AREAS_AREA, SERVICE_AREAS_VOLUME))
            if answers is None:
                continue
            if SERVICE_AREAS_AREA not in answers:
                self.errors.append(
                    _("%(place)s: %(link_id)s is missing")
                    % {"place": place, "link_id": _q(SERVICE_AREAS_AREA)}
                )
                continue
            area_place, area_answer = answers[SERVICE_AREAS_AREA]
            code = self._coding(area_place, area_answer, self.canonical.service_area)
            if code is None:
                continue
            self.area_codes.add(code)
            volume: Any = None
            if SERVICE_AREAS_VOLUME in answers:
                volume_place, volume_answer = answers[SERVICE_AREAS_VOLUME]
                volume = volume_answer.get("valueInteger")
                if not isinstance(volume, int) or not 0 <= volume <= MAX_VOLUME:
                    self.errors.append(
                        _("%(place)s: expected a valueInteger from 0 to %(max)d")
                        % {"place": volume_place, "max": MAX_VOLUME}
                    )
                    continue
            if code in seen:
                self.errors.append(
                    _("%(place)s: duplicate service area %(area)s (see %(first)s)")
                    % {"place": area_place, "area": _q(code), "first": seen[code]}
                )
                continue
            seen[code] = area_place
            self.area_places.append(area_place)
            areas.append({"code": code, "annual_volume": volume})
        return areas

    def _answers(
        self, items: list[tuple[str, dict[str, Any]]], active: set[str]
    ) -> list[dict[str, Any]]:
        answers: list[dict[str, Any]] = []
        seen: dict[tuple[str, str | None], str] = {}
        for place, item in items:
            code = str(item["linkId"])
            scope = self.index.scopes[code]
            if scope not in (AREA_SCOPE, ENTERPRISE_SCOPE):
                self.errors.append(
                    _("%(place)s: criterion %(code)s describes the baseline and is not answered")
                    % {"place": place, "code": _q(code)}
                )
                continue
            per_area = scope == AREA_SCOPE
            expected: tuple[str, ...] = (status_link(code), comment_link(code))
            if per_area:
                expected = (area_link(code), *expected)
            given = self._children(place, item, expected)
            if given is None:
                continue
            area: str | None = None
            if per_area:
                if area_link(code) not in given:
                    if given:
                        self.errors.append(
                            _(
                                "%(place)s: criterion %(code)s is answered per service area; "
                                "%(link_id)s is missing"
                            )
                            % {"place": place, "code": _q(code), "link_id": _q(area_link(code))}
                        )
                    continue
                area_place, area_answer = given[area_link(code)]
                area = self._coding(area_place, area_answer, self.canonical.service_area)
                if area is None:
                    continue
                if area not in self.index.area_codes:
                    self.errors.append(
                        _("%(place)s: unknown service area %(area)s")
                        % {"place": area_place, "area": _q(area)}
                    )
                    continue
                if area not in active:
                    self.errors.append(
                        _(
                            "%(place)s: service area %(area)s is not active in this assessment "
                            "(add it to %(link_id)s)"
                        )
                        % {"place": area_place, "area": _q(area), "link_id": _q(SERVICE_AREAS)}
                    )
                    continue
            comment: Any = ""
            if comment_link(code) in given:
                comment_place, comment_answer = given[comment_link(code)]
                comment = comment_answer.get("valueString")
                if not isinstance(comment, str):
                    self.errors.append(
                        _("%(place)s: expected a valueString") % {"place": comment_place}
                    )
                    continue
            if status_link(code) not in given:
                if comment:
                    self.errors.append(
                        _("%(place)s: a comment without a status: answer %(link_id)s")
                        % {"place": place, "link_id": _q(status_link(code))}
                    )
                # Otherwise an empty slot: unanswered, as in the survey.
                continue
            status_place, status_answer = given[status_link(code)]
            status = self._coding(status_place, status_answer, self.canonical.answer_status)
            if status is None:
                continue
            allowed = [s for s in STATUSES if per_area or s != "na"]
            if status not in allowed:
                self.errors.append(
                    _(
                        "%(place)s: status %(status)s is not allowed for criterion %(code)s "
                        "(allowed: %(allowed)s)"
                    )
                    % {
                        "place": status_place,
                        "status": _q(status),
                        "code": _q(code),
                        "allowed": ", ".join(allowed),
                    }
                )
                continue
            key = (code, area)
            if key in seen:
                self.errors.append(
                    _("%(place)s: duplicate answer for criterion %(code)s%(area)s (see %(first)s)")
                    % {
                        "place": place,
                        "code": _q(code),
                        "area": _(" in %(area)s") % {"area": _q(area)} if area else "",
                        "first": seen[key],
                    }
                )
                continue
            seen[key] = place
            answer: dict[str, Any] = {"criterion": code}
            if area is not None:
                answer["service_area"] = area
            answer["status"] = status
            if comment:
                answer["comment"] = comment
            self.answer_places.append(place)
            answers.append(answer)
        return answers


def document_from_text(text: str, index: CatalogIndex) -> Document:
    """A diam-assessment/1 document or a FHIR QuestionnaireResponse (told by its resourceType),
    as a Document; ExchangeError otherwise."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        data = None
    if is_questionnaire_response(data):
        return document_from_questionnaire_response(data, index)
    return parse_document(text, index)
