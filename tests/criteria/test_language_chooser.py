"""The languages offered, the browser's Accept-Language as the default, the language chooser
(templates/includes/language_chooser.html) posting to accounts' language_set, which keeps a
logged-in user's choice and hands over to Django's set_language."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.criteria.urls_i18n")]


def html_lang(client: Client, **headers: str) -> str:
    html = client.get(reverse("login"), **headers).content.decode()
    match = re.search(r'<html lang="([^"]+)">', html)
    assert match is not None
    return match.group(1)


def test_languages_are_english_german_and_french_each_named_in_itself() -> None:
    assert settings.LANGUAGES == [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-DE,de;q=0.9,en;q=0.8", "de"), ("fr-CH,fr;q=0.9", "fr"), ("it-IT,it;q=0.9", "en")],
)
def test_browser_language_is_the_default(accept_language: str, expected: str) -> None:
    assert html_lang(Client(), HTTP_ACCEPT_LANGUAGE=accept_language) == expected


def test_language_chosen_wins_over_the_browser_language() -> None:
    client = Client()

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert html_lang(client, HTTP_ACCEPT_LANGUAGE="de") == "fr"


def test_language_chooser_form_posts_to_set_language_with_csrf_and_comes_back() -> None:
    request = RequestFactory().get("/assessments/7/?tab=2")

    with translation.override("de"):
        html = render_to_string("includes/language_chooser.html", request=request)

    assert '<form class="language-chooser" method="post" action="/accounts/language/">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/assessments/7/?tab=2">' in html
    assert re.findall(r"<option [^>]*>[^<]*</option>", html) == [
        '<option value="en" lang="en">English</option>',
        '<option value="de" lang="de" selected>Deutsch</option>',
        '<option value="fr" lang="fr">Français</option>',
    ]


def test_language_chooser_is_a_labelled_fieldset() -> None:
    html = render_to_string("includes/language_chooser.html", request=RequestFactory().get("/"))

    assert "<fieldset" in html and "<legend" in html
    assert '<label class="form-label mb-0" for="language-chooser-language">' in html
    assert (
        '<select class="form-select form-select-sm w-auto" id="language-chooser-language"' in html
    )
    assert '<button type="submit"' in html
