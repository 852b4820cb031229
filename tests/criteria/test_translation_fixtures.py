"""The catalog's translations (fixtures/catalog/diam.<language>.json): every language the site
offers translates every field of every entry, in the fixture's shape, keeping the technical terms.
No database: these read the files."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from criteria.enums import CANONICAL_LANGUAGE, TRANSLATED_FIELDS
from criteria.loader import DEFAULT_FIXTURE, ENTRY_LISTS, translation_files

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != CANONICAL_LANGUAGE]

# Names of standards, systems and modalities: written the same in every language.
TECHNICAL_TERMS = ["PACS", "RIS", "VNA", "DICOM", "HL7", "FHIR", "XDS", "IHE", "SPECT", "PET"]


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _translation_path(language: str) -> Path:
    return DEFAULT_FIXTURE.with_name(f"{DEFAULT_FIXTURE.stem}.{language}.json")


def _english_fields() -> list[tuple[str, str, str, str]]:
    """(section, key, field, English text) of every translatable field of the fixture."""
    catalog = _read(DEFAULT_FIXTURE)
    fields = [
        ("catalog", str(catalog["catalog"]["slug"]), name, catalog["catalog"][name])
        for name in TRANSLATED_FIELDS["catalog"]
    ]
    for section, kind, key in ENTRY_LISTS:
        for item in catalog[section]:
            for name in TRANSLATED_FIELDS[kind]:
                fields.append((section, str(item[key]), name, item[name]))
    return fields


def _translated_fields(language: str) -> dict[tuple[str, str, str], str]:
    data = _read(_translation_path(language))
    fields = {
        ("catalog", data["catalog"]["slug"], name): value
        for name, value in data["catalog"].items()
        if name != "slug"
    }
    for section, _kind, key in ENTRY_LISTS:
        for item in data[section]:
            for name, value in item.items():
                if name != key:
                    fields[(section, str(item[key]), name)] = value
    return fields


def test_translation_files_are_one_per_offered_language() -> None:
    assert translation_files(DEFAULT_FIXTURE) == sorted(
        _translation_path(lang) for lang in LANGUAGES
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_translates_every_catalog_field(language: str) -> None:
    translated = _translated_fields(language)

    missing = [
        f"{section} {key} {name}"
        for section, key, name, english in _english_fields()
        if english and not translated.get((section, key, name), "").strip()
    ]

    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_translates_nothing_else(language: str) -> None:
    known = {(section, key, name) for section, key, name, _english in _english_fields()}

    assert sorted(set(_translated_fields(language)) - known) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_lists_entries_in_catalog_order(language: str) -> None:
    catalog, data = _read(DEFAULT_FIXTURE), _read(_translation_path(language))

    order = {section: [item[key] for item in data[section]] for section, _kind, key in ENTRY_LISTS}

    assert order == {
        section: [item[key] for item in catalog[section]] for section, _kind, key in ENTRY_LISTS
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_names_its_language_and_catalog(language: str) -> None:
    data = _read(_translation_path(language))

    assert (data["language"], data["catalog"]["slug"]) == (language, "diam")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_keeps_technical_terms(language: str) -> None:
    translated = _translated_fields(language)

    lost = [
        f"{section} {key} {name}: {term}"
        for section, key, name, english in _english_fields()
        for term in TECHNICAL_TERMS
        if re.search(rf"\b{term}\b", english)
        and not re.search(rf"\b{term}\b", translated[(section, key, name)])
    ]

    assert lost == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_criterion_titles_are_short(language: str) -> None:
    titles = {
        item["code"]: item["title"] for item in _read(_translation_path(language))["criteria"]
    }

    assert {code: title for code, title in titles.items() if len(title) > 80} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_file_is_formatted_json(language: str) -> None:
    raw = _translation_path(language).read_text(encoding="utf-8")

    assert raw == json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_differs_from_english_text(language: str) -> None:
    translated = _translated_fields(language)

    untranslated = [
        f"{section} {key}"
        for section, key, name, english in _english_fields()
        if name == "text" and translated[(section, key, name)] == english
    ]

    assert untranslated == []
