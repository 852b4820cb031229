"""The PDF scorecard in the organization's language, or the one asked for with ?lang=."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assessments.enums import Role
from assessments.models import Assessment
from reports.pdf import scorecard_html, scorecard_language
from reports.scorecard import scorecard_load
from tests.reports.scorecard_data import member_of, pdf_text, validated_assessment

pytestmark = pytest.mark.usefixtures("catalog")

GERMAN_STAGE = "Spezialisierte Bildgebungssysteme"  # fixtures/catalog/diam.de.json, stage 1
ENGLISH_HEADING = "Stage 1"


def download(assessment: Assessment, query: str = "") -> str:
    client = Client()
    client.force_login(member_of(assessment, Role.LEAD))
    response: Any = client.get(reverse("scorecard_pdf", args=[assessment.pk]) + query)
    assert response.status_code == 200
    return pdf_text(response.content)


def test_scorecard_download_with_lang_de_is_german() -> None:
    assessment = validated_assessment()

    text = download(assessment, "?lang=de")

    assert (GERMAN_STAGE in text, "Stufe 1" in text) == (True, True)


def test_scorecard_download_uses_the_organization_language_by_default() -> None:
    assessment = validated_assessment()
    assessment.organization.language = "de"
    assessment.organization.save(update_fields=["language"])

    text = download(assessment)

    assert GERMAN_STAGE in text


def test_scorecard_download_with_an_unknown_lang_falls_back_to_the_organization_language() -> None:
    assessment = validated_assessment()
    assessment.organization.language = "de"
    assessment.organization.save(update_fields=["language"])

    text = download(assessment, "?lang=xx")

    assert GERMAN_STAGE in text


def test_scorecard_download_without_language_is_english() -> None:
    text = download(validated_assessment())

    assert (GERMAN_STAGE in text, ENGLISH_HEADING in text) == (False, True)


def test_scorecard_html_lang_is_the_language_used() -> None:
    assessment = validated_assessment()
    with translation.override("de"):
        html = scorecard_html(scorecard_load(assessment, now=timezone.now()))

    assert '<html lang="de">' in html


@pytest.mark.parametrize(
    ("requested", "organization", "expected"),
    [("de", "fr", "de"), ("xx", "fr", "fr"), (None, "", "en"), ("", "de", "de")],
)
def test_scorecard_language_requested_then_organization_then_default(
    requested: str | None, organization: str, expected: str
) -> None:
    assessment = validated_assessment()
    assessment.organization.language = organization

    assert scorecard_language(assessment.organization, requested) == expected
