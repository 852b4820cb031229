"""A deleted user (accounts.privacy's deletion) is "former member" wherever the API names who
saved an answer, never by name, username or e-mail address; an answer nobody is recorded for
(an import) stays null."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.privacy.services import user_delete
from assessments.enums import Role
from tests.api.helpers import World, answer
from tests.factories import MembershipFactory


@pytest.fixture
def jane(world: World) -> Any:
    """A contributor who saved 2.2, and is then deleted; the lead saved 3.1 after her."""
    jane = MembershipFactory(
        organization=world.organization,
        role=Role.CONTRIBUTOR,
        user__username="jane.doe",
        user__first_name="Jane",
        user__last_name="Doe",
        user__email="jane.doe@st-example.org",
    ).user
    answer(world.assessment, "2.2", status="met", comment="PACS", updated_by=jane)
    answer(world.assessment, "3.1", updated_by=world.lead)
    answer(world.assessment, "1.1", "radiology")  # imported: nobody recorded
    user_delete(user=jane)
    return jane


def assert_nothing_of_jane(content: bytes) -> None:
    assert [part for part in (b"jane", b"Jane", b"Doe") if part in content] == []


def test_answer_list_names_deleted_user_former_member(
    world: World, api: Callable[[Any], APIClient], jane: Any
) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/answers/")

    names = [(a["criterion"], a["updated_by"]) for a in response.json()["results"]]
    assert names == [
        ("1.1", None),
        ("2.2", "former member"),
        ("3.1", world.lead.get_full_name() or world.lead.username),
    ]
    assert_nothing_of_jane(response.content)


def test_answer_detail_names_deleted_user_former_member(
    world: World, api: Callable[[Any], APIClient], jane: Any
) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/answers/2.2/")

    assert response.json()["updated_by"] == "former member"
    assert_nothing_of_jane(response.content)


def test_answer_unchanged_put_names_deleted_user_former_member(
    world: World, api: Callable[[Any], APIClient], jane: Any
) -> None:
    response = api(world.lead).put(
        f"/api/v1/assessments/{world.assessment.pk}/answers/2.2/",
        {"status": "met", "comment": "PACS", "version": 1},
    )

    assert (response.status_code, response.json()["updated_by"]) == (200, "former member")
    assert_nothing_of_jane(response.content)


def test_answer_conflict_names_deleted_user_former_member(
    world: World, api: Callable[[Any], APIClient], jane: Any
) -> None:
    response = api(world.lead).put(
        f"/api/v1/assessments/{world.assessment.pk}/answers/2.2/",
        {"status": "partial", "comment": "mine", "version": 0},
    )

    assert response.status_code == 409
    assert response.json()["current"]["updated_by"] == "former member"
    assert_nothing_of_jane(response.content)


def test_answer_list_names_former_member_in_the_readers_language(
    world: World, api: Callable[[Any], APIClient], jane: Any
) -> None:
    response = api(world.lead).get(
        f"/api/v1/assessments/{world.assessment.pk}/answers/2.2/", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.json()["updated_by"] == "ehemaliges Mitglied"
