"""A logged-in user's language: kept by the chooser, applied at the next log-in, and the
language of the e-mails they receive."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.language import user_language
from accounts.models import UserPreference
from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment
from assessments.notifications import transition_notify
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_language_set_saves_the_preference_of_a_logged_in_user() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)

    response = client.post(reverse("language_set"), {"language": "de", "next": "/"})

    assert (response.status_code, response.cookies[settings.LANGUAGE_COOKIE_NAME].value) == (
        302,
        "de",
    )
    assert UserPreference.objects.get(user=user).language == "de"


def test_language_set_for_an_anonymous_user_only_sets_the_cookie() -> None:
    response = Client().post(reverse("language_set"), {"language": "fr", "next": "/"})

    assert (
        response.cookies[settings.LANGUAGE_COOKIE_NAME].value,
        UserPreference.objects.count(),
    ) == (
        "fr",
        0,
    )


def test_language_preference_is_applied_at_the_next_log_in() -> None:
    user = UserFactory(username="greta")
    user.set_password("a long enough password 42")
    user.save()
    UserPreference.objects.create(user=user, language="de")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        reverse("login"), {"username": "greta", "password": "a long enough password 42"}
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert '<html lang="de">' in client.get(reverse("security")).content.decode()


def test_user_language_is_the_preference_then_the_organization_then_the_default() -> None:
    chooser, member, other = UserFactory(), UserFactory(), UserFactory()
    UserPreference.objects.create(user=chooser, language="fr")
    MembershipFactory(user=member, organization=OrganizationFactory(language="de"))

    assert [user_language(chooser), user_language(member), user_language(other)] == [
        "fr",
        "de",
        settings.LANGUAGE_CODE,
    ]


def test_email_to_a_german_preferring_user_is_german(catalog) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(email="lena@example.org")
    ).user
    UserPreference.objects.create(user=lead, language="de")
    assessment = Assessment.objects.create(
        organization=organization,
        catalog=catalog,
        title="Survey 2026",
        status=AssessmentStatus.VALIDATED,
    )

    transition_notify(assessment=assessment, action="validate", actor=UserFactory())

    assert [message.body.splitlines()[0].startswith("Guten Tag") for message in mail.outbox] == [
        True
    ]
