"""A deleted user (accounts.privacy's deletion) is the QuestionnaireResponse's author as
"former member": never by name, username or e-mail address, and never passed over for the
person before them."""

import json
from typing import Any

from django.test import Client

from accounts.privacy.services import user_delete
from assessments.enums import Role
from assessments.models import Answer, Assessment
from criteria.models import Criterion
from tests.factories import AnswerFactory, MembershipFactory, UserFactory


def jane_of(assessment: Assessment) -> Any:
    return MembershipFactory(
        organization=assessment.organization,
        role=Role.CONTRIBUTOR,
        user__username="jane.doe",
        user__first_name="Jane",
        user__last_name="Doe",
        user__email="jane.doe@st-example.org",
    ).user


def read(assessment: Assessment) -> tuple[dict[str, Any], bytes]:
    reader = Client()
    reader.force_login(UserFactory(is_staff=True))
    response = reader.get(f"/fhir/QuestionnaireResponse/{assessment.pk}")
    assert response.status_code == 200
    return json.loads(response.content), response.content


def assert_nothing_of_jane(content: bytes) -> None:
    assert [part for part in (b"jane", b"Jane", b"Doe") if part in content] == []


def test_questionnaire_response_author_deleted_editor_is_former_member(
    imported: Assessment,
) -> None:
    # Before her, someone else edited an answer: the author is still her, as "former member".
    edited = Answer.objects.filter(assessment=imported).order_by("pk").first()
    assert edited is not None
    edited.updated_by = UserFactory(username="erik", first_name="Erik", last_name="Earlier")
    edited.save()
    jane = jane_of(imported)
    AnswerFactory(assessment=imported, criterion=Criterion.objects.get(code="4.1"), updated_by=jane)
    user_delete(user=jane)

    data, content = read(imported)

    assert data["author"] == {"display": "former member"}
    assert_nothing_of_jane(content)


def test_questionnaire_response_author_deleted_creator_is_former_member(
    imported: Assessment,
) -> None:
    # Nobody edited an answer (the import recorded nobody): the author is who started it.
    MembershipFactory(
        organization=imported.organization, user=UserFactory(username="lea"), role=Role.LEAD
    )
    jane = jane_of(imported)
    imported.created_by = jane
    imported.save()
    user_delete(user=jane)

    data, content = read(imported)

    assert data["author"] == {"display": "former member"}
    assert_nothing_of_jane(content)


def test_questionnaire_response_author_nobody_recorded_is_a_lead(imported: Assessment) -> None:
    MembershipFactory(
        organization=imported.organization,
        user=UserFactory(username="lea", first_name="", last_name=""),
        role=Role.LEAD,
    )

    data, _content = read(imported)

    assert data["author"] == {"display": "lea"}
