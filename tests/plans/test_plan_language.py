"""The plan page in German and French: group names, criterion titles and service area names
from the catalog's translations (fixtures/catalog/diam.de.json, diam.fr.json), a missing one
shown in English and marked, with one query for the translations per page."""

import html
import re

import pytest
from django.test import Client
from freezegun import freeze_time
from pytest_django import DjangoAssertNumQueries

from criteria.loader import catalog_revise
from criteria.models import CatalogTranslation
from plans.models import PlanItem
from tests.plans.conftest import Team
from tests.plans.test_views import URL, client_for, post, set_target

# The mark beside a name shown in English, in the page's language.
FALLBACK = "Übersetzung fehlt — auf Englisch angezeigt"
WAYS = {
    # The way through groups A and B: its label, then its criteria and areas.
    "de": (
        "Gruppe A: Externer Bildaustausch und Patienteneinbindung"
        " + Gruppe B: Klinische Entscheidungsunterstützung",
        [
            "A.4 Patientinnen und Patienten laden Bilder hoch, herunter und teilen sie",
            "B.4 Bildgebungsdaten mit evidenzbasierten Quellen abgeglichen"
            " (Fachbereiche, die es nicht erfüllen: Kardiologie)",
            "B.5 Teilnahme an Patientensicherheitsregistern für die Bildgebung",
        ],
    ),
    "fr": (
        "Groupe A : Échange externe d’images et implication des patients"
        " + Groupe B : Aide à la décision clinique",
        [
            "A.4 Les patients téléversent, téléchargent et partagent leurs images",
            "B.4 Données d’imagerie corrélées à des sources fondées sur les preuves"
            " (services qui ne le satisfont pas : Cardiologie)",
            "B.5 Participation à des registres de sécurité des patients en imagerie",
        ],
    ),
}
ITEMS = {
    "de": [
        "A.4Patientinnen und Patienten laden Bilder hoch, herunter und teilen sie",
        "B.4Bildgebungsdaten mit evidenzbasierten Quellen abgeglichen · Kardiologie",
        "B.5Teilnahme an Patientensicherheitsregistern für die Bildgebung",
    ],
    "fr": [
        "A.4Les patients téléversent, téléchargent et partagent leurs images",
        "B.4Données d’imagerie corrélées à des sources fondées sur les preuves · Cardiologie",
        "B.5Participation à des registres de sécurité des patients en imagerie",
    ],
}


def text(fragment: str) -> str:
    """The text of an HTML fragment, its whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def page(client: Client, language: str) -> str:
    with freeze_time("2026-06-01 08:00:00"):
        return client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def item_titles(page_html: str) -> list[str]:
    titles = re.findall(r'data-testid="plan-item">.*?<h3[^>]*>(.*?)</h3>', page_html, re.S)
    return [text(title) for title in titles]


def chosen_plan(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})


def way_ab(page_html: str) -> tuple[str, list[str]]:
    label = re.search(r'<label class="[^"]*" for="way-AB">(.*?)</label>', page_html, re.S)
    assert label is not None
    way = page_html[label.end() :].split("</ul>")[0]
    lines = [text(line) for line in re.findall(r"<li>(.*?)</li>", way, re.S)]
    return text(label.group(1)).split(" — ")[0], lines


@pytest.mark.parametrize("language", ["de", "fr"])
def test_plan_page_catalog_names_in_the_reader_language(team: Team, language: str) -> None:
    chosen_plan(team)

    page_html = page(client_for(team.lead), language)

    assert way_ab(page_html) == WAYS[language]
    assert item_titles(page_html) == ITEMS[language]
    assert '<span lang="en">' not in page_html
    assert "text-bg-warning" not in page_html


def test_plan_page_english_names_unchanged(team: Team) -> None:
    chosen_plan(team)

    page_html = page(client_for(team.lead), "en")

    assert item_titles(page_html) == [
        "A.4Patients upload, download and share images",
        "B.4Imaging data correlated with evidence-based sources · Cardiology",
        "B.5Participation in imaging patient-safety registries",
    ]


def test_plan_page_missing_translation_shown_in_english_marked(team: Team) -> None:
    chosen_plan(team)
    catalog = team.assessment.catalog
    CatalogTranslation.objects.filter(
        catalog=catalog, language="de", kind="criterion", code="B.5", field="title"
    ).delete()
    CatalogTranslation.objects.filter(
        catalog=catalog, language="de", kind="service_area", code="cardiology", field="name"
    ).delete()
    catalog_revise(catalog_id=catalog.pk)

    page_html = page(client_for(team.lead), "de")

    assert item_titles(page_html) == [
        "A.4Patientinnen und Patienten laden Bilder hoch, herunter und teilen sie",
        f"B.4Bildgebungsdaten mit evidenzbasierten Quellen abgeglichen · Cardiology {FALLBACK}",
        f"B.5Participation in imaging patient-safety registries {FALLBACK}",
    ]
    assert (
        '<span lang="en">Participation in imaging patient-safety registries</span> '
        f'<span class="badge text-bg-warning fw-normal">{FALLBACK}</span>'
    ) in page_html


@pytest.mark.parametrize("count", [1, 3])
def test_plan_page_german_queries_as_english_one_more_for_the_translations(
    team: Team, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    chosen_plan(team)
    PlanItem.objects.filter(order__gte=count).delete()
    client = client_for(team.lead)
    client.get(URL)  # English: no translations read

    # As test_views.test_plan_page_queries_do_not_grow_with_items, and once the catalog's
    # German translations (kept by the process for the catalog's revision).
    with django_assert_num_queries(13):
        first = page(client, "de")
    with django_assert_num_queries(12):
        again = page(client, "de")

    assert first.count('data-testid="plan-item"') == again.count('data-testid="plan-item"')
    assert again.count('data-testid="plan-item"') == count


def test_plan_item_done_message_names_the_area_in_the_reader_language(team: Team) -> None:
    chosen_plan(team)
    item = PlanItem.objects.get(criterion__code="B.4")

    with freeze_time("2026-06-01 08:00:00"):
        response = client_for(team.lead).post(
            URL, {"action": "done", "item": str(item.pk)}, follow=True, HTTP_ACCEPT_LANGUAGE="de"
        )

    assert "B.4 in Kardiologie ist erledigt." in response.content.decode()
