"""Posting from the pages (htmx and plain forms), who may, and what the pages show: the rework
list, the marks in the section navigation and in the slots, the threads."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from assessments.enums import AssessmentStatus
from assessments.models import Answer, Verdict
from discussions.enums import Side
from discussions.models import AnswerMessage
from tests.assessments.review_factories import answer_of, client_for, message_texts
from tests.discussions.factories import WHY_1_1, AnswerMessageFactory, at, later, returned_case

pytestmark = pytest.mark.usefixtures("catalog")
HTMX = {"HTTP_HX_REQUEST": "true"}


def post_url(answer: Answer) -> str:
    return reverse("answer_message_create", args=[answer.assessment_id, answer.pk])


def data(answer: Answer, body: str, **extra: str) -> dict[str, str]:
    return {f"m{answer.pk}-body": body, **extra}


def texts(html: str, testid: str) -> list[str]:
    """The text of each element carrying data-testid (up to its first closing tag of the kind),
    tags removed and white space collapsed."""
    found = re.findall(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split()) for _tag, body in found]


def bodies() -> list[tuple[str, str]]:
    return list(AnswerMessage.objects.order_by("pk").values_list("side", "body"))


# Posting --------------------------------------------------------------------------------------


def test_answer_message_create_member_htmx_in_slot_returns_thread_and_mark() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.contributor).post(
        post_url(answer), data(answer, " Signed in May. ", where="slot"), **HTMX
    )

    assert response.status_code == 200
    assert bodies() == [(Side.ORGANIZATION, "Signed in May.")]
    html = response.content.decode()
    assert [t.split(")", 1)[1].strip() for t in texts(html, "thread-message")] == ["Signed in May."]
    assert texts(html, "rework-mark") == ["Answered Answered in the discussion."]
    assert f'id="rework-mark-{answer.pk}" data-testid="rework-mark" hx-swap-oob="true"' in html


def test_answer_message_create_assessor_from_review_page() -> None:
    case = returned_case(AssessmentStatus.IN_REVIEW)
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.assessor).post(
        post_url(answer), data(answer, "Is it signed?"), **HTMX
    )

    assert response.status_code == 200
    assert bodies() == [(Side.ASSESSOR, "Is it signed?")]
    assert texts(response.content.decode(), "rework-mark") == []


def test_answer_message_create_without_htmx_redirects_to_next_with_message() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")
    page = reverse("assessment_section", args=[case.assessment.pk, "stage-2"])

    response = client_for(case.lead).post(
        post_url(answer), data(answer, "Signed in May.", next=f"{page}#thread-{answer.pk}")
    )

    assert (response.status_code, response.url) == (302, f"{page}#thread-{answer.pk}")
    assert bodies() == [(Side.ORGANIZATION, "Signed in May.")]


def test_answer_message_create_foreign_next_goes_to_the_assessment() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(
        post_url(answer), data(answer, "Signed.", next="https://evil.example/")
    )

    assert response.url == reverse("assessment_detail", args=[case.assessment.pk])


@pytest.mark.parametrize("target", ["partial", "assessment_detail", "javascript:alert(1)"])
def test_answer_message_create_next_that_is_no_path_goes_to_the_assessment(target: str) -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(post_url(answer), data(answer, "Signed.", next=target))

    assert (response.status_code, response.url) == (
        302,
        reverse("assessment_detail", args=[case.assessment.pk]),
    )
    assert bodies() == [(Side.ORGANIZATION, "Signed.")]


def test_answer_message_create_empty_body_refused_with_reason() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(post_url(answer), data(answer, "   "), **HTMX)

    assert response.status_code == 422
    assert bodies() == []
    assert re.findall(r'class="invalid-feedback"[^>]*>([^<]*)<', response.content.decode()) == [
        "Write a message before sending it."
    ]


def test_answer_message_create_too_long_keeps_the_text() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(post_url(answer), data(answer, "y" * 2001), **HTMX)

    assert response.status_code == 422
    assert bodies() == []
    assert ">" + "y" * 2001 + "</textarea>" in response.content.decode()


def test_answer_message_create_without_htmx_bad_input_says_why() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(post_url(answer), data(answer, ""), follow=True)

    assert message_texts(response) == [
        "The message was not sent: Write a message before sending it."
    ]
    assert bodies() == []


def test_answer_message_create_validated_is_read_only() -> None:
    case = returned_case(AssessmentStatus.VALIDATED)
    answer = answer_of(case.assessment, "2.2")
    AnswerMessageFactory(answer=answer, author=case.assessor, side=Side.ASSESSOR, body="Kept")

    response = client_for(case.assessor).post(post_url(answer), data(answer, "Late"), **HTMX)

    assert response.status_code == 409
    assert bodies() == [(Side.ASSESSOR, "Kept")]
    html = response.content.decode()
    assert "This discussion is closed: the assessment is “Validated”." in html
    assert "<textarea" not in html


@pytest.mark.parametrize("who", ["outsider", "other_assessor"])
def test_answer_message_create_others_get_404(who: str) -> None:
    case = returned_case()
    other = returned_case().assessor
    answer = answer_of(case.assessment, "2.2")
    user = case.outsider if who == "outsider" else other

    response = client_for(user).post(post_url(answer), data(answer, "Hi"), **HTMX)

    assert (response.status_code, bodies()) == (404, [])


def test_answer_message_create_member_before_the_decision_gets_404() -> None:
    case = returned_case(AssessmentStatus.IN_REVIEW)
    answer = answer_of(case.assessment, "2.2")

    response = client_for(case.lead).post(post_url(answer), data(answer, "Hi"), **HTMX)

    assert (response.status_code, bodies()) == (404, [])


def test_answer_message_create_answer_of_another_assessment_gets_404() -> None:
    case = returned_case()
    other = returned_case(organization=case.assessment.organization)
    answer = answer_of(other.assessment, "2.2")

    response = client_for(case.lead).post(
        reverse("answer_message_create", args=[case.assessment.pk, answer.pk]),
        data(answer, "Hi"),
    )

    assert (response.status_code, bodies()) == (404, [])


def test_answer_message_create_anonymous_goes_to_login() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")

    response = Client().post(post_url(answer), data(answer, "Hi"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert bodies() == []


def test_answer_message_create_get_not_allowed() -> None:
    case = returned_case()

    response = client_for(case.lead).get(post_url(answer_of(case.assessment, "2.2")))

    assert response.status_code == 405


# The pages ------------------------------------------------------------------------------------


def section_html(client: Client, case, slug: str = "stage-3") -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("assessment_section", args=[case.assessment.pk, slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_section_page_shows_the_rework_list_while_changes_are_requested() -> None:
    case = returned_case()
    at(later(), Answer, answer_of(case.assessment, "2.2").pk, "updated_at")
    pk = case.assessment.pk

    html = section_html(client_for(case.contributor), case)

    assert texts(html, "rework-summary") == [
        "The assessor did not accept 2 answers; 1 still to do."
    ]
    assert texts(html, "rework-item") == [
        f"To do 1.1 Specialized imaging information systems installed Radiology · Stage 1 "
        f"Assessor's comment: {WHY_1_1}",
        "Changed 2.2 External images can be imported Organization · Stage 2 "
        "Assessor's comment: The import policy is a draft: show the signed version.",
    ]
    links = re.findall(r'<li class="rework-item[^>]*>.*?<a href="([^"]+)"', html, re.DOTALL)
    assert links == [
        reverse("assessment_section", args=[pk, "stage-1"]) + "#s-1_1-radiology",
        reverse("assessment_section", args=[pk, "stage-2"]) + "#s-2_2",
    ]
    assert texts(html, "rework-count") == ["1 answer to rework"]


@pytest.mark.parametrize(
    "status", [AssessmentStatus.IN_REVIEW, AssessmentStatus.VALIDATED, AssessmentStatus.DRAFT]
)
def test_section_page_without_changes_requested_has_no_rework_list(status: str) -> None:
    case = returned_case(status)

    html = section_html(client_for(case.lead), case)

    assert (texts(html, "rework-list"), texts(html, "rework-count")) == ([], [])


def test_section_page_marks_the_challenged_slot_and_offers_its_thread() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")
    AnswerMessageFactory(answer=answer, author=case.assessor, side=Side.ASSESSOR, body="Signed?")

    html = section_html(client_for(case.lead), case, "stage-2")

    assert texts(html, "rework-mark") == [
        "To do Change this answer, or answer the assessor in the discussion below."
    ]
    assert [t.split(")", 1)[1].strip() for t in texts(html, "thread-message")] == ["Signed?"]
    assert f'name="m{answer.pk}-body"' in html
    # Only the challenged answer's thread is offered to the organization.
    assert len(re.findall(r'data-testid="thread"', html)) == 1


def test_review_page_shows_threads_to_the_assessor() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")
    AnswerMessageFactory(answer=answer, author=case.lead, body="Signed in May.")

    response = client_for(case.assessor).get(
        reverse("assessment_review", args=[case.assessment.pk])
    )

    html = response.content.decode()
    assert [t.split(")", 1)[1].strip() for t in texts(html, "thread-message")] == ["Signed in May."]
    assert f'id="thread-{answer.pk}"' in html


def test_section_page_validated_threads_are_read_only() -> None:
    case = returned_case(AssessmentStatus.VALIDATED)
    answer = answer_of(case.assessment, "2.2")
    AnswerMessageFactory(answer=answer, author=case.lead, body="Signed in May.")

    html = section_html(client_for(case.lead), case, "stage-2")

    assert "This discussion is read-only." in html
    assert "<textarea" not in html


@pytest.mark.parametrize("challenged", [1, 8])
def test_section_page_rework_queries_do_not_grow(
    challenged: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    case = returned_case()
    Verdict.objects.filter(answer__assessment=case.assessment).update(accepted=True, comment="")
    answers = list(Answer.objects.filter(assessment=case.assessment).order_by("pk"))
    Verdict.objects.filter(answer__in=answers[:challenged]).update(accepted=False, comment="No")
    for answer in answers[:challenged]:
        AnswerMessageFactory(answer=answer, author=case.assessor, side=Side.ASSESSOR)
    client = client_for(case.lead)
    url = reverse("assessment_section", args=[case.assessment.pk, "stage-3"])
    client.get(url)  # warm the session and the caches

    # The rework list, the slots' marks and threads and the navigation's counts share two
    # queries (the challenged answers, the messages): 9 in all, whatever their number.
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()

    assert len(texts(html, "rework-item")) == challenged
