"""The accessibility statement: public, with the target, the limitations, a contact and the date
of the last check; linked from every page's footer."""

import pytest
from django.test import Client
from django.urls import reverse

from accessibility.statement import LAST_CHECKED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_statement_renders_for_anonymous_user() -> None:
    response = Client().get(reverse("accessibility_statement"))

    assert response.status_code == 200
    assert response.templates[0].name == "accessibility/statement.html"
    content = response.content.decode()
    assert "WCAG 2.2 AA" in content
    assert f'datetime="{LAST_CHECKED.isoformat()}"' in content


def test_statement_renders_for_logged_in_user() -> None:
    client = Client()
    client.force_login(UserFactory())

    response = client.get(reverse("accessibility_statement"))

    assert response.status_code == 200
    assert response.context["limitations"] != []


def test_statement_contact_defaults_to_default_from_email(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEFAULT_FROM_EMAIL = "diam@example.org"
    if hasattr(settings, "DIAM_ACCESSIBILITY_CONTACT"):
        del settings.DIAM_ACCESSIBILITY_CONTACT

    response = Client().get(reverse("accessibility_statement"))

    assert response.context["contact"] == "diam@example.org"
    assert 'href="mailto:diam@example.org"' in response.content.decode()


def test_statement_contact_from_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIAM_ACCESSIBILITY_CONTACT = "a11y@example.org"

    response = Client().get(reverse("accessibility_statement"))

    assert response.context["contact"] == "a11y@example.org"


def test_footer_links_to_statement() -> None:
    response = Client().get(reverse("login"))

    footer = response.content.decode().split("<footer", 1)[1]
    assert f'<a href="{reverse("accessibility_statement")}">' in footer
