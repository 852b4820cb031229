"""The section page in German: the criterion's German wording, its English original on demand,
and no more queries than in English once the process has the translations."""

import html
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.loader import DEFAULT_FIXTURE
from tests.factories import MembershipFactory, assessment_with_areas

GERMAN = json.loads(DEFAULT_FIXTURE.with_name("diam.de.json").read_text(encoding="utf-8"))
ENGLISH = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))


def criterion(data: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(item for item in data["criteria"] if item["code"] == code)


def page(client: Client, url: str, language: str) -> str:
    return html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())


@pytest.fixture
def section(catalog):  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(["radiology", "cardiology"])
    client = Client()
    client.force_login(MembershipFactory(organization=assessment.organization).user)
    return client, reverse("assessment_section", args=[assessment.pk, "stage-1"])


def test_section_page_in_german_shows_the_german_wording_and_the_english_original(
    section,  # type: ignore[no-untyped-def]
) -> None:
    client, url = section

    shown = page(client, url, "de")

    german, english = criterion(GERMAN, "1.1"), criterion(ENGLISH, "1.1")
    assert (
        f'<span class="badge text-bg-dark me-2">1.1</span><span>{german["title"]}</span>' in shown,
        f'<p class="criterion-text">{german["text"]}</p>' in shown,
        "<summary>Originalwortlaut</summary>" in shown,
        f'<p class="mt-2 mb-0 text-body-secondary" lang="en">{english["text"]}</p>' in shown,
        f'<h1 class="h3">{GERMAN["stages"][1]["title"]}</h1>' in shown,
        english["title"] in shown,
    ) == (True, True, True, True, True, False)


def test_section_page_in_english_shows_the_seed_wording_without_original(
    section,  # type: ignore[no-untyped-def]
) -> None:
    client, url = section

    shown = page(client, url, "en")

    assert (criterion(ENGLISH, "1.1")["title"] in shown, "Original wording" in shown) == (
        True,
        False,
    )


def test_section_page_in_german_makes_as_many_queries_as_in_english(
    section,  # type: ignore[no-untyped-def]
) -> None:
    client, url = section
    page(client, url, "de")  # the process reads the German translations once
    page(client, url, "en")

    counts = []
    for language in ("en", "de"):
        with CaptureQueriesContext(connection) as queries:
            page(client, url, language)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_section_and_results_pages_in_german_name_the_areas_in_german(
    section,  # type: ignore[no-untyped-def]
) -> None:
    client, url = section
    results_url = url.replace("sections/stage-1/", "results/")

    shown = [page(client, url, "de"), page(client, results_url, "de")]

    assert [("Radiologie" in html, "Radiology" in html) for html in shown] == [
        (True, False),
        (True, False),
    ]
