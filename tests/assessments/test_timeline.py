"""The timeline page: the audit trail of an assessment, for its members, its assessor and admins."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment
from assessments.review.services import findings_update
from assessments.views import timeline as timeline_view
from criteria.models import Criterion, ServiceArea
from tests.assessments.audit_factories import client_for, member, slot_data, verdict_record
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)


@pytest.fixture
def setup(catalog):  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="Survey 2026"
    )
    group = Group.objects.get_or_create(name=ASSESSORS_GROUP)[0]
    assessor = UserFactory(username="ada")
    other_assessor = UserFactory(username="oscar")
    for user in (assessor, other_assessor):
        user.groups.add(group)
    return {
        "assessment": assessment,
        "lead": member(assessment, "lena", Role.LEAD),
        "contributor": member(assessment, "carl"),
        "outsider": MembershipFactory(user=UserFactory(username="otto")).user,
        "assessor": assessor,
        "other_assessor": other_assessor,
        "staff": UserFactory(username="admin", is_staff=True),
    }


def timeline_url(assessment: Assessment) -> str:
    return reverse("assessment_timeline", args=[assessment.pk])


def set_review_state(assessment: Assessment, status: str, assessor) -> None:  # type: ignore[no-untyped-def]
    # Arrangement only: the state is set without the transition function (not under test here).
    Assessment.objects.filter(pk=assessment.pk).update(status=status, assessor=assessor)


def whats(html: str) -> list[str]:
    return re.findall(r'data-testid="timeline-what">([^<]*)<', html)


def whos(html: str) -> list[str]:
    return re.findall(r'data-testid="timeline-who">([^<]*)<', html)


def challenged_answer(setup) -> Answer:  # type: ignore[no-untyped-def]
    answer = AnswerFactory(
        assessment=setup["assessment"],
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="cardiology"),
    )
    verdict_record(answer, accepted=False, comment="No echo PACS", by=setup["assessor"])
    return answer


# Content


def test_timeline_as_member_lists_changes_with_who_and_values(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    section = reverse("assessment_section", args=[assessment.pk, "stage-1"])
    client_for(setup["contributor"]).post(section, slot_data("s-1_1-radiology", status="met"))
    client_for(setup["lead"]).post(
        section, slot_data("s-1_1-radiology", status="not_met", comment="PACS & RIS", version=1)
    )
    Answer.history.update(history_date=datetime(2026, 3, 4, 10, 30, tzinfo=UTC))
    Assessment.history.update(history_date=datetime(2026, 3, 3, 9, 5, tzinfo=UTC))

    response = client_for(setup["contributor"]).get(timeline_url(assessment))

    assert response.status_code == 200
    html = response.content.decode()
    assert whats(html) == [
        "Answer 1.1 · Radiology changed",
        "Answer 1.1 · Radiology given",
        "Assessment “Survey 2026” created",
    ]
    assert whos(html) == ["lena", "carl", "system"]
    assert re.findall(r'<h2 class="h5" id="timeline-day-\d">([^<]*)</h2>', html) == [
        "March 4, 2026",
        "March 3, 2026",
    ]
    assert '<time datetime="2026-03-04T10:30:00+00:00">10:30 a.m.</time>' in html
    assert (
        '<tr data-testid="timeline-change"><th scope="row">Status</th>'
        '<td class="text-break">Met</td><td class="text-break">Not met</td></tr>'
    ) in html
    assert (
        '<tr data-testid="timeline-change"><th scope="row">Comment</th>'
        '<td class="text-break">—</td><td class="text-break">PACS &amp; RIS</td></tr>'
    ) in html


def test_timeline_nav_link_is_current_on_timeline_page(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    url = timeline_url(assessment)
    client = client_for(setup["lead"])

    on_timeline = client.get(url).content.decode()
    on_results = client.get(reverse("assessment_results", args=[assessment.pk])).content.decode()

    link = f'<a class="nav-link py-1 px-2 active" href="{url}" aria-current="page">Timeline</a>'
    assert link in on_timeline
    assert f'<a class="nav-link py-1 px-2" href="{url}">Timeline</a>' in on_results


def test_timeline_is_paginated(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timeline_view, "ENTRIES_PER_PAGE", 2)
    assessment = setup["assessment"]
    answer = AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))
    answer.status = "partial"
    answer.save()
    client = client_for(setup["lead"])

    first = client.get(timeline_url(assessment)).content.decode()
    second = client.get(timeline_url(assessment) + "?page=2").content.decode()

    assert whats(first) == ["Answer 2.2 changed", "Answer 2.2 given"]
    assert "Page 1 of 2" in first
    assert whats(second) == ["Assessment “Survey 2026” created"]


def test_timeline_post_is_not_allowed(setup) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup["staff"]).post(timeline_url(setup["assessment"]))

    assert response.status_code == 405


# Verdicts: hidden from members while the review runs


@pytest.mark.parametrize("status", [AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW])
def test_timeline_member_does_not_see_verdicts_before_decision(setup, status) -> None:  # type: ignore[no-untyped-def]
    challenged_answer(setup)
    set_review_state(setup["assessment"], status, setup["assessor"])

    response = client_for(setup["lead"]).get(timeline_url(setup["assessment"]))

    html = response.content.decode()
    assert whats(html) == ["Answer 1.1 · Cardiology given", "Assessment “Survey 2026” created"]
    assert "No echo PACS" not in html
    assert 'data-testid="timeline-verdicts-hidden"' in html


def test_timeline_member_sees_verdicts_once_changes_requested(setup) -> None:  # type: ignore[no-untyped-def]
    challenged_answer(setup)
    set_review_state(setup["assessment"], AssessmentStatus.CHANGES_REQUESTED, setup["assessor"])

    response = client_for(setup["contributor"]).get(timeline_url(setup["assessment"]))

    html = response.content.decode()
    assert whats(html)[0] == "Verdict on 1.1 · Cardiology: not accepted"
    assert whos(html)[0] == "ada"
    assert "No echo PACS" in html
    assert 'data-testid="timeline-verdicts-hidden"' not in html


@pytest.mark.parametrize("who", ["assessor", "staff"])
def test_timeline_reviewer_sees_verdicts_during_review(setup, who) -> None:  # type: ignore[no-untyped-def]
    challenged_answer(setup)
    set_review_state(setup["assessment"], AssessmentStatus.IN_REVIEW, setup["assessor"])

    response = client_for(setup[who]).get(timeline_url(setup["assessment"]))

    assert response.status_code == 200
    assert whats(response.content.decode())[0] == "Verdict on 1.1 · Cardiology: not accepted"


# Findings: hidden from members until the assessment is validated

STRENGTHS = "A single enterprise archive"
RECOMMENDATIONS = "Extend structured reporting"


def findings_written(setup, status: str) -> None:  # type: ignore[no-untyped-def]
    """The assessor writes the findings during the review; the assessment then moves on."""
    set_review_state(setup["assessment"], AssessmentStatus.IN_REVIEW, setup["assessor"])
    findings_update(
        assessment=setup["assessment"],
        strengths=STRENGTHS,
        recommendations=RECOMMENDATIONS,
        user=setup["assessor"],
    )
    set_review_state(setup["assessment"], status, setup["assessor"])


def change_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="timeline-change"><th scope="row">([^<]*)</th>', html)


@pytest.mark.parametrize(
    "status",
    [
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.IN_REVIEW,
        AssessmentStatus.CHANGES_REQUESTED,
    ],
)
@pytest.mark.parametrize("who", ["lead", "contributor"])
def test_timeline_member_does_not_see_findings_before_validation(setup, status, who) -> None:  # type: ignore[no-untyped-def]
    findings_written(setup, status)

    response = client_for(setup[who]).get(timeline_url(setup["assessment"]))

    html = response.content.decode()
    assert whats(html) == ["Status: Draft → In review", "Assessment “Survey 2026” created"]
    assert change_rows(html) == ["Status", "Assessor", "Status", "Title"]
    assert (STRENGTHS in html, RECOMMENDATIONS in html) == (False, False)
    assert 'data-testid="timeline-findings-hidden"' in html


def test_timeline_member_sees_findings_once_validated(setup) -> None:  # type: ignore[no-untyped-def]
    findings_written(setup, AssessmentStatus.VALIDATED)

    response = client_for(setup["contributor"]).get(timeline_url(setup["assessment"]))

    html = response.content.decode()
    assert change_rows(html) == [
        "Status",
        "Assessor",
        "Strengths",
        "Recommendations",
        "Status",
        "Title",
    ]
    assert (STRENGTHS in html, RECOMMENDATIONS in html) == (True, True)
    assert 'data-testid="timeline-findings-hidden"' not in html


@pytest.mark.parametrize("who", ["assessor", "staff"])
def test_timeline_reviewer_sees_findings_while_changes_are_requested(setup, who) -> None:  # type: ignore[no-untyped-def]
    findings_written(setup, AssessmentStatus.CHANGES_REQUESTED)

    response = client_for(setup[who]).get(timeline_url(setup["assessment"]))

    html = response.content.decode()
    assert (STRENGTHS in html, RECOMMENDATIONS in html) == (True, True)
    assert 'data-testid="timeline-findings-hidden"' not in html


# Permissions


@pytest.mark.parametrize("who", ["lead", "contributor", "staff"])
def test_timeline_visible_to_members_and_staff(setup, who) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup[who]).get(timeline_url(setup["assessment"]))

    assert response.status_code == 200


def test_timeline_visible_to_assigned_assessor(setup) -> None:  # type: ignore[no-untyped-def]
    set_review_state(setup["assessment"], AssessmentStatus.SUBMITTED, setup["assessor"])

    response = client_for(setup["assessor"]).get(timeline_url(setup["assessment"]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_assessor"])
def test_timeline_outsider_and_unassigned_assessor_get_404(setup, who) -> None:  # type: ignore[no-untyped-def]
    set_review_state(setup["assessment"], AssessmentStatus.SUBMITTED, setup["assessor"])

    response = client_for(setup[who]).get(timeline_url(setup["assessment"]))

    assert response.status_code == 404


def test_timeline_anonymous_redirects_to_login(setup) -> None:  # type: ignore[no-untyped-def]
    url = timeline_url(setup["assessment"])

    response = Client().get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


# Query count


def _assessment_with_changed_answers(setup, count: int) -> Assessment:  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(
        [a.code for a in ServiceArea.objects.order_by("order")[:count]],
        organization=setup["assessment"].organization,
    )
    for area in ServiceArea.objects.order_by("order")[:count]:
        answer = AnswerFactory(
            assessment=assessment, criterion=Criterion.objects.get(code="1.1"), service_area=area
        )
        for status in ("partial", "not_met", "met"):
            answer.status = status
            answer._history_user = setup["contributor"]  # type: ignore[attr-defined]
            answer.save()
        verdict_record(answer, accepted=True, by=setup["staff"])
    return assessment


def test_timeline_query_count_same_for_1_and_10_answers(setup) -> None:  # type: ignore[no-untyped-def]
    one = _assessment_with_changed_answers(setup, 1)
    ten = _assessment_with_changed_answers(setup, 10)
    client = client_for(setup["staff"])
    client.get(timeline_url(setup["assessment"]))  # warm up: session, catalog

    with CaptureQueriesContext(connection) as with_one:
        one_html = client.get(timeline_url(one)).content.decode()
    with CaptureQueriesContext(connection) as with_ten:
        ten_html = client.get(timeline_url(ten)).content.decode()

    # 1 + 50 changes with ten answers: the first page shows 50 of them.
    assert (len(whats(one_html)), len(whats(ten_html))) == (1 + 5, 50)
    assert len(with_one) == len(with_ten)


def test_timeline_filtered_query_count_same_for_1_and_10_answers(setup) -> None:  # type: ignore[no-untyped-def]
    one = _assessment_with_changed_answers(setup, 1)
    ten = _assessment_with_changed_answers(setup, 10)
    client = client_for(setup["staff"])
    client.get(timeline_url(setup["assessment"]))  # warm up: session, catalog
    query = f"?section=stage-1&person={setup['contributor'].pk}&kind=answer"

    with CaptureQueriesContext(connection) as with_one:
        one_html = client.get(timeline_url(one) + query).content.decode()
    with CaptureQueriesContext(connection) as with_ten:
        ten_html = client.get(timeline_url(ten) + query).content.decode()

    assert (len(whats(one_html)), len(whats(ten_html))) == (3, 30)
    assert len(with_one) == len(with_ten)


# Filters


def filtered_setup(setup):  # type: ignore[no-untyped-def]
    """Carl answers 1.1 (stage 1) and Lena 2.2 (stage 2); the assessor records a verdict."""
    assessment = setup["assessment"]
    for code, area, who in (("1.1", "radiology", "contributor"), ("2.2", None, "lead")):
        answer = Answer(
            assessment=assessment,
            criterion=Criterion.objects.get(code=code),
            service_area=ServiceArea.objects.get(code=area) if area else None,
            status="met",
            updated_by=setup[who],
        )
        answer._history_user = setup[who]  # type: ignore[attr-defined]
        answer.save()
    verdict_record(answer, accepted=True, by=setup["assessor"])
    set_review_state(assessment, AssessmentStatus.IN_REVIEW, setup["assessor"])
    return assessment


def test_timeline_filtered_by_section(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)

    html = client_for(setup["staff"]).get(timeline_url(assessment) + "?section=stage-2").content

    assert whats(html.decode()) == ["Verdict on 2.2: accepted", "Answer 2.2 given"]


def test_timeline_filtered_by_person(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)
    url = timeline_url(assessment) + f"?person={setup['contributor'].pk}"

    html = client_for(setup["staff"]).get(url).content.decode()

    assert whats(html) == ["Answer 1.1 · Radiology given"]
    people = re.search(r'<select name="person".*?</select>', html, re.DOTALL)
    assert people is not None
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', people.group(0)) == [
        ("", "Everyone"),
        (str(setup["assessor"].pk), "ada"),
        (str(setup["contributor"].pk), "carl"),
        (str(setup["lead"].pk), "lena"),
        ("system", "system"),
    ]


def test_timeline_filtered_by_kind(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)

    html = client_for(setup["staff"]).get(timeline_url(assessment) + "?kind=verdict").content

    assert whats(html.decode()) == ["Verdict on 2.2: accepted"]


def test_timeline_filters_combine_and_say_when_nothing_matches(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)
    url = timeline_url(assessment) + f"?section=stage-1&person={setup['lead'].pk}"

    html = client_for(setup["staff"]).get(url).content.decode()

    assert whats(html) == []
    assert '<p data-testid="timeline-empty">No change matches these filters.</p>' in html


def test_timeline_filter_unknown_value_says_so_and_shows_everything(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)

    response = client_for(setup["staff"]).get(timeline_url(assessment) + "?kind=coffee")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<div class="text-danger small" role="alert">Select a valid choice. coffee is not one of '
        "the available choices.</div>"
    ) in html
    assert len(whats(html)) == 4


def test_timeline_member_is_not_offered_hidden_verdicts(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = filtered_setup(setup)

    html = client_for(setup["lead"]).get(timeline_url(assessment)).content.decode()

    kinds = re.search(r'<select name="kind".*?</select>', html, re.DOTALL)
    assert kinds is not None
    assert re.findall(r"<option[^>]*>([^<]*)</option>", kinds.group(0)) == [
        "All changes",
        "Assessment status and details",
        "Answers",
    ]


def test_timeline_pages_keep_the_filters(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timeline_view, "ENTRIES_PER_PAGE", 1)
    assessment = filtered_setup(setup)
    client = client_for(setup["staff"])

    first = client.get(timeline_url(assessment) + "?kind=answer").content.decode()
    second = client.get(timeline_url(assessment) + "?kind=answer&page=2").content.decode()

    assert 'href="?kind=answer&amp;page=2">Older changes</a>' in first
    assert (whats(first), whats(second)) == (
        ["Answer 2.2 given"],
        ["Answer 1.1 · Radiology given"],
    )
