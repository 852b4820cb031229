"""Posting a message: validation, the closed states, the audit trail and the e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pytest_django.fixtures import Settings

from assessments.enums import AssessmentStatus, Role
from discussions.enums import Side
from discussions.models import AnswerMessage
from discussions.services import answer_message_post
from tests.assessments.review_factories import answer_of
from tests.discussions.factories import returned_case
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("catalog")
BASE = "https://diam.example.org"


@pytest.fixture(autouse=True)
def base_url(settings: Settings) -> None:
    settings.DIAM_BASE_URL = BASE


def named_case(status: str = AssessmentStatus.CHANGES_REQUESTED):  # type: ignore[no-untyped-def]
    case = returned_case(
        status, organization=OrganizationFactory(name="St. Rework"), title="Survey 2026"
    )
    for user, first, last in (
        (case.lead, "Lena", "Lead"),
        (case.assessor, "Astrid", "Assessor"),
        (case.contributor, "Colin", "Contributor"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return case


def sent() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


def test_answer_message_post_strips_and_records_author_in_history(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    case = named_case()
    answer = answer_of(case.assessment, "2.2")

    with django_capture_on_commit_callbacks(execute=True):
        message = answer_message_post(
            answer=answer,
            author=case.lead,
            body="  Signed copy attached.\n ",
            side=Side.ORGANIZATION,
        )

    assert AnswerMessage.objects.values_list("answer_id", "author_id", "side", "body").get() == (
        answer.pk,
        case.lead.pk,
        Side.ORGANIZATION,
        "Signed copy attached.",
    )
    assert list(message.history.values_list("history_user_id", "history_type")) == [
        (case.lead.pk, "+")
    ]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (" \n ", "Write a message before sending it."),
        ("x" * 2001, "A message holds at most 2000 characters; this one has 2001."),
    ],
)
def test_answer_message_post_bad_body_refused_and_nothing_saved(body: str, error: str) -> None:
    case = named_case()

    with pytest.raises(ValidationError) as refused:
        answer_message_post(
            answer=answer_of(case.assessment, "2.2"),
            author=case.lead,
            body=body,
            side="organization",
        )

    assert refused.value.messages == [error]
    assert AnswerMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "label"),
    [(AssessmentStatus.VALIDATED, "Validated"), (AssessmentStatus.DRAFT, "Draft")],
)
def test_answer_message_post_closed_thread_refused(status: str, label: str) -> None:
    case = named_case(status)

    with pytest.raises(ValidationError) as refused:
        answer_message_post(
            answer=answer_of(case.assessment, "2.2"),
            author=case.assessor,
            body="A question",
            side=Side.ASSESSOR,
        )

    assert refused.value.messages == [f"This discussion is closed: the assessment is “{label}”."]
    assert AnswerMessage.objects.count() == 0


def test_answer_message_from_the_assessor_notifies_the_leads(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    case = named_case()
    second_lead = MembershipFactory(
        organization=case.assessment.organization,
        role=Role.LEAD,
        user=UserFactory(username="lou", email="lou@example.org"),
    ).user
    answer = answer_of(case.assessment, "1.1", "radiology")

    with django_capture_on_commit_callbacks(execute=True):
        answer_message_post(
            answer=answer,
            author=case.assessor,
            body="Which PACS version?\nThe contract names two.",
            side=Side.ASSESSOR,
        )

    subject = "Message on 1.1 · Radiology: St. Rework — Survey 2026"
    assert sent() == [([case.lead.email], subject), ([second_lead.email], subject)]
    pk = case.assessment.pk
    assert mail.outbox[0].body == (
        "Hello Lena Lead,\n\n"
        "The assessor Astrid Assessor wrote about the answer 1.1 · Radiology (Specialized imaging "
        f"information systems installed) of the assessment “Survey 2026”:\n\n"
        "Which PACS version?\nThe contract names two.\n\n"
        "Read the conversation and reply here:\n"
        f"{BASE}/assessments/{pk}/sections/stage-1/#s-1_1-radiology\n"
    )


def test_answer_message_from_the_organization_notifies_the_assessor_not_the_author(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    case = named_case()
    answer = answer_of(case.assessment, "2.2")

    with django_capture_on_commit_callbacks(execute=True):
        answer_message_post(
            answer=answer, author=case.contributor, body="Signed in May.", side=Side.ORGANIZATION
        )

    assert sent() == [
        ([case.assessor.email], "Message on 2.2: St. Rework — Survey 2026"),
    ]
    assert mail.outbox[0].body == (
        "Hello Astrid Assessor,\n\n"
        "Colin Contributor (St. Rework) wrote about the answer 2.2 (External images can be "
        "imported) of the assessment “Survey 2026”:\n\n"
        "Signed in May.\n\n"
        "Read the conversation and reply here:\n"
        f"{BASE}/assessments/{case.assessment.pk}/review/#thread-{answer.pk}\n"
    )


def test_answer_message_from_a_lead_does_not_notify_the_lead(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    case = named_case()
    with django_capture_on_commit_callbacks(execute=True):
        answer_message_post(
            answer=answer_of(case.assessment, "2.2"),
            author=case.lead,
            body="Signed in May.",
            side=Side.ORGANIZATION,
        )

    assert sent() == [([case.assessor.email], "Message on 2.2: St. Rework — Survey 2026")]


def test_answer_message_from_the_organization_without_assessor_sends_nothing(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    case = named_case()
    type(case.assessment).objects.filter(pk=case.assessment.pk).update(assessor=None)

    with django_capture_on_commit_callbacks(execute=True):
        answer_message_post(
            answer=answer_of(case.assessment, "2.2"),
            author=case.lead,
            body="Signed in May.",
            side=Side.ORGANIZATION,
        )

    assert (sent(), AnswerMessage.objects.count()) == ([], 1)
