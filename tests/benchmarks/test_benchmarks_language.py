"""The peer benchmarks page in German and French: group names, criterion titles and service
area names from the catalog's translations (fixtures/catalog/diam.de.json, diam.fr.json), a
missing one shown in English and marked, with one query for the translations per page."""

import html
import re

import pytest
from django.test import Client

from criteria.loader import catalog_revise
from criteria.models import CatalogTranslation, CatalogVersion
from tests.benchmarks.factories import stored_result
from tests.benchmarks.test_views import client_for, member_of, url_of

pytestmark = pytest.mark.usefixtures("catalog")

NAMES = {
    "de": {
        "benchmark-groups": [
            "A Externer Bildaustausch und Patienteneinbindung",
            "B Klinische Entscheidungsunterstützung",
            "C Analytik und personalisierte Medizin",
        ],
        "benchmark-criteria": [
            "2.2 Externe Bilder können importiert werden",
            "3.1 Enterprise-Imaging-Strategie und Governance",
        ],
        "areas": ["Radiologie", "Kardiologie"],
        "area-rows": ["1.1 Spezialisierte Bildgebungs-Informationssysteme installiert"],
    },
    "fr": {
        "benchmark-groups": [
            "A Échange externe d’images et implication des patients",
            "B Aide à la décision clinique",
            "C Analytique et médecine personnalisée",
        ],
        "benchmark-criteria": [
            "2.2 Les images externes peuvent être importées",
            "3.1 Stratégie d’imagerie d’établissement et gouvernance",
        ],
        "areas": ["Radiologie", "Cardiologie"],
        "area-rows": ["1.1 Systèmes d’information d’imagerie spécialisés installés"],
    },
}


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def names(page: str, testid: str) -> list[str]:
    """The code and name of each row of the tables `testid` (the first two cells)."""
    rows = []
    for table in re.findall(rf'data-testid="{testid}">(.*?)</table>', page, re.S):
        for row in re.findall(r"<tr data-code[^>]*>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append(text(cells[0] + " " + cells[1]))
    return rows


def area_headings(page: str) -> list[str]:
    return [text(h) for h in re.findall(r'<h3 class="h5" id="area-[^"]*">(.*?)</h3>', page)]


def organization_with_peers() -> object:
    own = stored_result(stage=4)
    for stage in (3, 3, 4, 6, 6):
        stored_result(stage=stage)
    return own.assessment.organization


def page(client: Client, organization: object, language: str) -> str:
    return client.get(url_of(organization), HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("language", ["de", "fr"])
def test_benchmarks_page_catalog_names_in_the_reader_language(language: str) -> None:
    organization = organization_with_peers()

    shown = page(client_for(member_of(organization)), organization, language)

    expected = NAMES[language]
    assert names(shown, "benchmark-groups") == expected["benchmark-groups"]
    assert names(shown, "benchmark-criteria") == expected["benchmark-criteria"]
    assert area_headings(shown) == expected["areas"]
    assert names(shown, "benchmark-area") == expected["area-rows"] * 2
    assert "text-bg-warning" not in shown


def test_benchmarks_page_area_caption_in_the_reader_language() -> None:
    organization = organization_with_peers()

    shown = page(client_for(member_of(organization)), organization, "de")

    assert (
        "<caption>Kardiologie der Vergleichsorganisationen: Anteil, der jedes Kriterium "
        "erfüllt, neben Ihrem</caption>"
    ) in " ".join(shown.split())


def test_benchmarks_page_missing_translation_shown_in_english_marked() -> None:
    organization = organization_with_peers()
    catalog = CatalogVersion.objects.get(slug="diam")
    CatalogTranslation.objects.filter(
        catalog=catalog, language="fr", kind="group", code="B", field="name"
    ).delete()
    CatalogTranslation.objects.filter(
        catalog=catalog, language="fr", kind="service_area", code="cardiology", field="name"
    ).delete()
    catalog_revise(catalog_id=catalog.pk)

    shown = page(client_for(member_of(organization)), organization, "fr")

    fallback = "Traduction manquante — texte affiché en anglais"
    assert names(shown, "benchmark-groups")[1] == f"B Clinical decision support {fallback}"
    assert area_headings(shown) == ["Radiologie", f"Cardiology {fallback}"]
    assert (
        '<span lang="en">Clinical decision support</span> '
        f'<span class="badge text-bg-warning fw-normal">{fallback}</span>'
    ) in shown


@pytest.mark.parametrize("organizations", [5, 30])
def test_benchmarks_page_german_queries_as_english_one_more_for_the_translations(
    organizations: int, django_assert_num_queries: object
) -> None:
    own = stored_result()
    for _ in range(organizations):
        stored_result()
    organization = own.assessment.organization
    client = client_for(member_of(organization))
    client.get(url_of(organization))

    # As test_views.test_benchmarks_page_queries_do_not_grow_with_organizations (10), and
    # once the catalog's German translations (kept by the process for the catalog's revision).
    with django_assert_num_queries(11):  # type: ignore[operator]
        first = page(client, organization, "de")
    with django_assert_num_queries(10):  # type: ignore[operator]
        again = page(client, organization, "de")

    assert names(first, "benchmark-criteria") == NAMES["de"]["benchmark-criteria"]
    assert names(again, "benchmark-criteria") == NAMES["de"]["benchmark-criteria"]
