"""The lookups of criteria.translation that need no database: a criterion's wording and an entry's
label in a language, with the fallback to English."""

from dataclasses import dataclass

import pytest
from django.test import override_settings

from criteria.models import Criterion, Group, ServiceArea, Stage
from criteria.translation import CatalogTranslations, Label, Wording, supported_language


@dataclass
class Seed:
    code: str = "2.2"
    title: str = "External images can be imported"
    text: str = "External images can be imported to the organization’s image management system."
    guidance: str = "Met when images received from other organizations can be imported."


GERMAN = {
    ("criterion", "2.2", "title"): "Externe Bilder können importiert werden",
    ("criterion", "2.2", "text"): "Externe Bilder können importiert werden (Text).",
    ("criterion", "2.2", "guidance"): "Erfüllt, wenn ...",
    ("stage", "2", "title"): "Stufe 2",
    ("service_area", "radiology", "name"): "Radiologie",
}


def translations(language: str = "de", values: dict | None = None) -> CatalogTranslations:  # type: ignore[type-arg]
    return CatalogTranslations(
        catalog_id=1, language=language, values=GERMAN if values is None else values
    )


def test_criterion_wording_translated_when_every_field_is() -> None:
    wording = translations().criterion(Seed())

    assert wording == Wording(
        title="Externe Bilder können importiert werden",
        text="Externe Bilder können importiert werden (Text).",
        guidance="Erfüllt, wenn ...",
        language="de",
        requested_language="de",
        is_fallback=False,
        original_title=Seed.title,
        original_text=Seed.text,
        original_guidance=Seed.guidance,
    )
    assert wording.is_translated is True


def test_criterion_wording_falls_back_to_english_when_missing() -> None:
    wording = translations(values={}).criterion(Seed())

    assert (wording.title, wording.text, wording.guidance) == (Seed.title, Seed.text, Seed.guidance)
    assert (wording.language, wording.is_fallback, wording.is_translated) == ("en", True, False)


def test_criterion_wording_never_mixes_languages_when_one_field_is_missing() -> None:
    values = {key: value for key, value in GERMAN.items() if key[2] != "guidance"}

    wording = translations(values=values).criterion(Seed())

    assert (wording.title, wording.guidance, wording.is_fallback) == (
        Seed.title,
        Seed.guidance,
        True,
    )


def test_criterion_wording_without_english_guidance_needs_no_translated_guidance() -> None:
    values = {key: value for key, value in GERMAN.items() if key[2] != "guidance"}

    wording = translations(values=values).criterion(Seed(guidance=""))

    assert (wording.title, wording.guidance, wording.is_fallback) == (
        "Externe Bilder können importiert werden",
        "",
        False,
    )


def test_criterion_wording_in_english_is_the_seed_and_no_fallback() -> None:
    wording = translations(language="en", values={}).criterion(Seed())

    assert (wording.text, wording.language, wording.is_fallback, wording.is_translated) == (
        Seed.text,
        "en",
        False,
        False,
    )


def test_label_translated() -> None:
    stage = Stage(number=2, title="Stage 2: Images and reports in the EMR")

    assert translations().label(stage, "title") == Label("Stufe 2", "de", False)


def test_label_falls_back_to_english_marked() -> None:
    group = Group(code="B", name="Clinical decision support")

    assert translations().label(group, "name") == Label("Clinical decision support", "en", True)


def test_label_prints_as_its_text() -> None:
    area = ServiceArea(code="radiology", name="Radiology")

    assert str(translations().label(area, "name")) == "Radiologie"


def test_label_of_a_field_that_is_not_translated_is_refused() -> None:
    with pytest.raises(ValueError, match="criterion has no translated field 'scope'"):
        translations().label(Criterion(code="2.2", scope="enterprise"), "scope")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "de"), ("de-at", "de"), ("fr-ch", "fr"), ("en-gb", "en"), ("it", "en"), (None, "en")],
)
def test_supported_language_reads_the_nearest_offered_catalog(
    language: str | None, expected: str
) -> None:
    assert supported_language(language) == expected


@override_settings(LANGUAGES=[("en", "English")])
def test_supported_language_is_english_when_german_is_not_offered() -> None:
    assert supported_language("de") == "en"
