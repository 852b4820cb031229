"""The survey workspace: section pages, saving a section, autosave, conflicts, permissions."""

import json
import re

import pytest
from django.core.validators import MaxLengthValidator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.answers import Outcome, SlotResult
from assessments.enums import Role
from assessments.models import Answer, Assessment
from assessments.views import workspace as workspace_views
from criteria.loader import DEFAULT_FIXTURE, catalog_load, catalog_revise
from criteria.models import Criterion, ServiceArea
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

AREAS = ["radiology", "cardiology", "pathology"]


@pytest.fixture
def setup(catalog):  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="lena")
    ).user
    contributor = MembershipFactory(
        organization=organization, role=Role.CONTRIBUTOR, user=UserFactory(username="carl")
    ).user
    outsider = MembershipFactory(user=UserFactory(username="otto")).user
    assessment = assessment_with_areas(
        AREAS,
        volumes={"radiology": 80_000, "cardiology": 15_000, "pathology": 5_000},
        organization=organization,
    )
    return {
        "assessment": assessment,
        "lead": lead,
        "contributor": contributor,
        "outsider": outsider,
    }


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def section_url(assessment: Assessment, slug: str = "stage-1") -> str:
    return reverse("assessment_section", args=[assessment.pk, slug])


def autosave_url(assessment: Assessment, slug: str = "stage-1") -> str:
    return reverse("assessment_autosave", args=[assessment.pk, slug])


def slot_data(key: str, *, status: str, comment: str = "", initial: str = "", version: int = 0):  # type: ignore[no-untyped-def]
    return {
        f"{key}-status": status,
        f"{key}-comment": comment,
        f"{key}-initial_status": initial,
        f"{key}-initial_comment": "",
        f"{key}-version": str(version),
    }


def checked_status(html: str, key: str) -> str | None:
    """The value of the radio button checked for a slot in the rendered page."""
    for tag in re.findall(rf'<input type="radio"[^>]*name="{key}-status"[^>]*>', html):
        if " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
    return None


def answers_snapshot(assessment: Assessment) -> list[tuple[str, str | None, str, str, int]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("criterion__order", "service_area__order")
        .values_list("criterion__code", "service_area__code", "status", "comment", "version")
    )


# Pages


def test_section_page_as_member_shows_criteria_areas_and_live_result(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).get(section_url(assessment))

    assert response.status_code == 200
    text = Criterion.objects.get(code="1.1").text
    html = response.content.decode()
    assert text in html
    assert 'id="s-1_1-radiology"' in html
    assert 'id="s-1_1-pathology"' in html
    assert 'id="s-1_1-endoscopy"' not in html
    assert (
        '<span class="stage-badge badge text-bg-primary" data-testid="live-stage">0</span>' in html
    )
    assert "0 of 37 required answers" in html


def test_section_page_as_outsider_is_404(setup) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup["outsider"]).get(section_url(setup["assessment"]))

    assert response.status_code == 404


def test_section_page_anonymous_redirects_to_login(setup) -> None:  # type: ignore[no-untyped-def]
    url = section_url(setup["assessment"])

    response = Client().get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


def test_section_page_as_staff_is_visible(setup) -> None:  # type: ignore[no-untyped-def]
    staff = UserFactory(username="admin", is_staff=True)

    response = client_for(staff).get(section_url(setup["assessment"]))

    assert response.status_code == 200


def test_section_page_unknown_section_is_404(setup) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup["lead"]).get(section_url(setup["assessment"], "stage-9"))

    assert response.status_code == 404


def test_assessment_detail_redirects_to_first_incomplete_section(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    for code in ("1.1", "1.2"):
        for area in ServiceArea.objects.filter(code__in=AREAS):
            AnswerFactory(
                assessment=assessment, criterion=Criterion.objects.get(code=code), service_area=area
            )

    response = client_for(setup["contributor"]).get(
        reverse("assessment_detail", args=[assessment.pk])
    )

    assert (response.status_code, response["Location"]) == (302, section_url(assessment, "stage-2"))


def test_assessment_detail_as_outsider_is_404(setup) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup["outsider"]).get(
        reverse("assessment_detail", args=[setup["assessment"].pk])
    )

    assert response.status_code == 404


# Saving a whole section


def test_section_post_saves_changed_answers_only(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    data = {
        **slot_data("s-1_1-radiology", status="met", comment="RIS/PACS since 2015"),
        **slot_data("s-1_1-cardiology", status="partial"),
        **slot_data("s-1_1-pathology", status=""),
    }

    response = client_for(setup["contributor"]).post(section_url(assessment), data)

    assert (response.status_code, response["Location"]) == (302, section_url(assessment))
    assert answers_snapshot(assessment) == [
        ("1.1", "radiology", "met", "RIS/PACS since 2015", 1),
        ("1.1", "cardiology", "partial", "", 1),
    ]
    assert Answer.objects.get(service_area__code="radiology").updated_by == setup["contributor"]


def test_section_post_normalizes_line_breaks_of_comments(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    client_for(setup["contributor"]).post(
        section_url(assessment),
        slot_data("s-1_1-radiology", status="met", comment="line one\r\nline two"),
    )

    assert answers_snapshot(assessment) == [("1.1", "radiology", "met", "line one\nline two", 1)]


def test_section_post_unknown_status_is_refused_and_changes_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        section_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="bogus", comment="keep this text"),
            **slot_data("s-1_1-cardiology", status="met"),
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Select a valid choice" not in html
    assert "Unknown status “bogus”." in html
    assert "keep this text" in html
    # All or nothing: the valid slot of the same post is not saved either, and says so.
    assert answers_snapshot(assessment) == []
    assert checked_status(html, "s-1_1-cardiology") == "met"
    assert [str(m) for m in response.context["messages"]] == [
        "No answer was saved: see the highlighted questions below, then save again. "
        "Not saved: 1.1 Radiology, 1.1 Cardiology."
    ]


def test_section_post_empty_status_of_a_changed_answer_is_refused_and_saves_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        section_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="met"),
            **slot_data("s-1_1-cardiology", status="", initial="met", version=1),
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Choose a status: an answer cannot be saved without one." in html
    assert html.count("Not saved: this section is saved only when all its answers can be.") == 1
    assert answers_snapshot(assessment) == []


def test_section_post_conflict_rolls_back_the_other_answers(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.2"),
        status="not_met",
        version=2,
    )

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"),
        {
            **slot_data("s-2_1-radiology", status="met"),
            **slot_data("s-2_2", status="partial", initial="met", version=1),
        },
    )

    assert response.status_code == 409
    assert [str(m) for m in response.context["messages"]] == [
        "No answer was saved: see the highlighted questions below, then save again. "
        "Not saved: 2.1 Radiology, 2.2."
    ]
    assert answers_snapshot(assessment) == [("2.2", None, "not_met", "", 2)]


def test_section_post_answer_refused_by_the_model_rolls_back_everything(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    # A rule only the model knows: the form lets the value through, the save refuses it.
    monkeypatch.setattr(Answer._meta.get_field("comment"), "validators", [MaxLengthValidator(5)])

    response = client_for(setup["contributor"]).post(
        section_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="met"),
            **slot_data("s-1_1-cardiology", status="met", comment="far too long"),
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Ensure this value has at most 5 characters (it has 12)." in html
    assert answers_snapshot(assessment) == []


def test_section_post_comment_without_status_is_refused_with_text_kept(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        section_url(assessment),
        slot_data("s-1_1-radiology", status="", comment="we are working on it"),
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Choose a status before saving a comment." in html
    assert "we are working on it" in html
    assert answers_snapshot(assessment) == []


def test_section_post_na_on_enterprise_criterion_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"), slot_data("s-2_2", status="na")
    )

    assert response.status_code == 409
    assert "Unknown status “na”." in response.content.decode()
    assert answers_snapshot(assessment) == []


def test_section_post_conflict_keeps_both_values_and_saves_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer = AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.2"),
        status="met",
        version=1,
        updated_by=setup["lead"],
    )
    # The lead changes it after the contributor loaded version 1.
    answer.status, answer.comment, answer.version = "not_met", "Import is switched off", 2
    answer.save()

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"),
        slot_data("s-2_2", status="partial", comment="Only CDs", initial="met", version=1),
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert '<p class="mb-1" data-testid="conflict-mine">Partially met: Only CDs</p>' in html
    assert (
        '<p class="mb-1" data-testid="conflict-theirs">Not met: Import is switched off</p>' in html
    )
    assert checked_status(html, "s-2_2") == "partial"
    assert 'name="s-2_2-conflict_version" value="2"' in html
    assert answers_snapshot(assessment) == [("2.2", None, "not_met", "Import is switched off", 2)]


def test_section_post_keep_mine_after_conflict_overwrites_the_seen_version(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.2"),
        status="not_met",
        version=2,
    )
    data = slot_data("s-2_2", status="partial", comment="Only CDs", initial="met", version=1)

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"),
        {**data, "s-2_2-conflict_version": "2", "resolve": "mine:s-2_2"},
    )

    assert response.status_code == 302
    assert answers_snapshot(assessment) == [("2.2", None, "partial", "Only CDs", 3)]


def test_section_post_keep_mine_refused_when_changed_again(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.2"),
        status="not_met",
        version=3,
    )
    data = slot_data("s-2_2", status="partial", initial="met", version=1)

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"),
        {**data, "s-2_2-conflict_version": "2", "resolve": "mine:s-2_2"},
    )

    assert response.status_code == 409
    assert answers_snapshot(assessment) == [("2.2", None, "not_met", "", 3)]


def test_section_post_use_theirs_saves_nothing_for_that_answer(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.2"),
        status="not_met",
        version=2,
    )
    data = slot_data("s-2_2", status="partial", initial="met", version=1)

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"),
        {**data, "s-2_2-conflict_version": "2", "resolve": "theirs:s-2_2"},
    )

    assert response.status_code == 302
    assert answers_snapshot(assessment) == [("2.2", None, "not_met", "", 2)]


def test_section_post_same_value_as_colleague_is_not_a_conflict(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment, criterion=Criterion.objects.get(code="2.2"), status="met", version=2
    )

    response = client_for(setup["contributor"]).post(
        section_url(assessment, "stage-2"), slot_data("s-2_2", status="met", version=0)
    )

    assert response.status_code == 302
    assert answers_snapshot(assessment) == [("2.2", None, "met", "", 2)]


def test_section_post_as_outsider_is_404_and_changes_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["outsider"]).post(
        section_url(assessment), slot_data("s-1_1-radiology", status="met")
    )

    assert response.status_code == 404
    assert answers_snapshot(assessment) == []


def test_section_post_anonymous_redirects_and_changes_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = Client().post(section_url(assessment), slot_data("s-1_1-radiology", status="met"))

    assert response.status_code == 302
    assert answers_snapshot(assessment) == []


def test_section_post_after_submission_is_forbidden(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")

    response = client_for(setup["lead"]).post(
        section_url(assessment), slot_data("s-1_1-radiology", status="met")
    )
    page = client_for(setup["lead"]).get(section_url(assessment))

    assert response.status_code == 403
    assert answers_snapshot(assessment) == []
    assert "answers are read-only" in page.content.decode()
    assert 'name="s-1_1-radiology-status"' not in page.content.decode()


# Autosave


def test_autosave_saves_one_answer_and_returns_live_updates(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    data = {
        **slot_data("s-1_1-radiology", status="met"),
        **slot_data("s-1_1-cardiology", status="met"),
        "slot": "s-1_1-radiology",
    }

    response = client_for(setup["contributor"]).post(autosave_url(assessment), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="live-panel"' in html and 'hx-swap-oob="true"' in html
    assert 'id="section-nav"' in html
    assert "Saved at" in html
    assert 'name="s-1_1-radiology-version" value="1"' in html
    # The new answer can now take evidence: its panel arrives with the response, and fetches
    # the upload form when it opens.
    answer = Answer.objects.get()
    panel = reverse("evidence_panel", args=[assessment.pk, answer.pk])
    assert 'id="s-1_1-radiology-evidence" hx-swap-oob="true"' in html
    assert f'hx-get="{panel}"' in html
    # Only the named slot is saved.
    assert answers_snapshot(assessment) == [("1.1", "radiology", "met", "", 1)]


def test_autosave_inactive_area_is_refused_with_message(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {**slot_data("s-1_1-endoscopy", status="met"), "slot": "s-1_1-endoscopy"},
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The service area “endoscopy” is not active in this assessment."
    )
    assert answers_snapshot(assessment) == []


def test_autosave_criterion_of_another_section_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment), {**slot_data("s-2_2", status="met"), "slot": "s-2_2"}
    )

    assert (response.status_code, response.content.decode()) == (
        400,
        "Unknown question “s-2_2” for this section.",
    )
    assert answers_snapshot(assessment) == []


def test_autosave_unknown_status_is_refused_with_message(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {**slot_data("s-1_1-radiology", status="yes"), "slot": "s-1_1-radiology"},
    )

    assert response.status_code == 422
    assert "Unknown status “yes”." in response.content.decode()
    assert answers_snapshot(assessment) == []


def test_autosave_empty_status_of_a_changed_answer_is_refused_with_message(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
        status="met",
        version=1,
    )

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="", initial="met", version=1),
            "slot": "s-1_1-radiology",
        },
    )

    assert response.status_code == 422
    assert "Choose a status: an answer cannot be saved without one." in response.content.decode()
    assert answers_snapshot(assessment) == [("1.1", "radiology", "met", "", 1)]


def test_autosave_conflict_returns_both_values(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
        status="not_met",
        version=4,
    )

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="met", initial="partial", version=3),
            "slot": "s-1_1-radiology",
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert '<p class="mb-1" data-testid="conflict-mine">Met</p>' in html
    assert '<p class="mb-1" data-testid="conflict-theirs">Not met</p>' in html
    assert 'name="s-1_1-radiology-conflict_version" value="4"' in html
    assert answers_snapshot(assessment) == [("1.1", "radiology", "not_met", "", 4)]


def test_autosave_use_theirs_replaces_the_answer_row(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
        status="not_met",
        version=4,
    )

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="met", initial="partial", version=3),
            "slot": "s-1_1-radiology",
            "resolve": "theirs",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="s-1_1-radiology" data-slot="s-1_1-radiology" hx-swap-oob="true"' in html
    assert checked_status(html, "s-1_1-radiology") == "not_met"
    assert answers_snapshot(assessment) == [("1.1", "radiology", "not_met", "", 4)]


def test_autosave_as_outsider_is_404(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    response = client_for(setup["outsider"]).post(
        autosave_url(assessment),
        {**slot_data("s-1_1-radiology", status="met"), "slot": "s-1_1-radiology"},
    )

    assert response.status_code == 404
    assert answers_snapshot(assessment) == []


def test_autosave_anonymous_redirects_to_login(setup) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(autosave_url(setup["assessment"]), {"slot": "s-1_1-radiology"})

    assert response.status_code == 302


def test_autosave_get_is_not_allowed(setup) -> None:  # type: ignore[no-untyped-def]
    response = client_for(setup["contributor"]).get(autosave_url(setup["assessment"]))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("submitted", "This assessment was submitted; your change was not saved."),
        ("in_review", "This assessment is in review; your change was not saved."),
        ("validated", "This assessment was validated; your change was not saved."),
    ],
)
def test_autosave_after_submission_says_why_and_shows_the_stored_value(
    setup, status: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
        status="not_met",
        comment="Stored",
        version=2,
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=status)

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {
            **slot_data("s-1_1-radiology", status="met", initial="not_met", version=2),
            "slot": "s-1_1-radiology",
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    state = re.search(r'<div id="s-1_1-radiology-state"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert state is not None
    assert state.group(1) == (f'{message} <a href="{section_url(assessment)}">Reload the page</a>')
    assert 'role="alert" data-state="closed"' in html
    # The whole slot comes back as stored, its inputs disabled and without autosave.
    assert 'id="s-1_1-radiology" data-slot="s-1_1-radiology" hx-swap-oob="true"' in html
    assert checked_status(html, "s-1_1-radiology") == "not_met"
    assert ">Stored</textarea>" in html
    radios = re.findall(r'<input type="radio"[^>]*name="s-1_1-radiology-status"[^>]*>', html)
    assert [tag.endswith(" disabled>") for tag in radios] == [True, True, True, True]
    assert "hx-post" not in html
    assert answers_snapshot(assessment) == [("1.1", "radiology", "not_met", "Stored", 2)]


def test_autosave_submitted_during_the_save_says_why(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]

    def submitted_meanwhile(**kwargs: object) -> SlotResult:
        Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
        return SlotResult(Outcome.CLOSED, None)

    monkeypatch.setattr(workspace_views, "answer_save", submitted_meanwhile)

    response = client_for(setup["contributor"]).post(
        autosave_url(assessment),
        {**slot_data("s-1_1-radiology", status="met"), "slot": "s-1_1-radiology"},
    )

    assert response.status_code == 409
    assert "This assessment was submitted; your change was not saved." in (
        response.content.decode()
    )
    assert checked_status(response.content.decode(), "s-1_1-radiology") is None
    assert answers_snapshot(assessment) == []


def test_autosave_as_assessor_is_forbidden(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessor = UserFactory(username="ada")
    Assessment.objects.filter(pk=assessment.pk).update(status="in_review", assessor=assessor)

    response = client_for(assessor).post(
        autosave_url(assessment),
        {**slot_data("s-1_1-radiology", status="met"), "slot": "s-1_1-radiology"},
    )

    assert response.status_code == 403
    assert answers_snapshot(assessment) == []


# Query counts


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_section_page_query_count_does_not_grow_with_areas(catalog) -> None:  # type: ignore[no-untyped-def]
    all_areas = list(ServiceArea.objects.values_list("code", flat=True))
    small = assessment_with_areas(["radiology"])
    large = assessment_with_areas(all_areas)
    for assessment in (small, large):
        for code in all_areas[: len(assessment.areas.all())]:
            AnswerFactory(
                assessment=assessment,
                criterion=Criterion.objects.get(code="1.1"),
                service_area=ServiceArea.objects.get(code=code),
            )
    staff = UserFactory(username="staff", is_staff=True)
    client = client_for(staff)

    counts = [count_queries(client, section_url(a)) for a in (small, large)]

    # The session, the user, the assessment, the reader's role, the active areas, the answers,
    # the evidence, the discussions' messages (staff see them): the catalog's sections are in
    # memory.
    assert counts == [8, 8]


# Outside a test transaction, so that the save's transaction is a BEGIN as in a request, not a
# savepoint and its release.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("areas", [1, 15])
def test_autosave_that_saves_query_count_does_not_grow_with_areas(catalog, areas) -> None:  # type: ignore[no-untyped-def]
    codes = list(ServiceArea.objects.values_list("code", flat=True))[:areas]
    assessment = assessment_with_areas(codes)
    member = MembershipFactory(organization=assessment.organization).user
    client = client_for(member)
    key = f"s-1_1-{codes[0]}"
    client.post(autosave_url(assessment), {**slot_data(key, status="met"), "slot": key})
    data = {**slot_data(key, status="partial", initial="met", version=1), "slot": key}

    with CaptureQueriesContext(connection) as queries:
        response = client.post(autosave_url(assessment), data)

    assert (response.status_code, "Saved at" in response.content.decode()) == (200, True)
    # 10 queries and the transaction's BEGIN and COMMIT. The session, the user, the assessment,
    # the member's role, the active areas, the answers; the save: the answer with the lock on it
    # and on the assessment, its latest history row (and whether the assessment changed since),
    # the answer's update and its history row's. The live result and the section counts are
    # computed again in memory, and only the posted slot is validated.
    assert len(queries) == 12


def test_section_page_shows_a_reloaded_catalog_at_the_next_request(catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(["radiology"])
    client = client_for(MembershipFactory(organization=assessment.organization).user)
    assert "Enterprise image archive" not in client.get(section_url(assessment)).content.decode()
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    one_one = next(item for item in data["criteria"] if item["code"] == "1.1")
    one_one["title"] = "Enterprise image archive"
    changed = tmp_path / "diam.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    catalog_load(path=changed)

    html = client.get(section_url(assessment)).content.decode()
    assert (
        html.count(
            '<span class="badge text-bg-dark me-2">1.1</span><span>Enterprise image archive</span>'
        )
        == 1
    )


def test_section_page_shows_a_catalog_changed_in_the_admin_at_the_next_request(catalog) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(["radiology"])
    client = client_for(MembershipFactory(organization=assessment.organization).user)
    client.get(section_url(assessment))
    Criterion.objects.filter(code="1.1").update(title="Enterprise image archive")

    catalog_revise(catalog_id=catalog.pk)

    html = client.get(section_url(assessment)).content.decode()
    assert (
        html.count(
            '<span class="badge text-bg-dark me-2">1.1</span><span>Enterprise image archive</span>'
        )
        == 1
    )


def test_section_nav_counts_required_answers_per_section(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=AREAS)}
    for code in ("radiology", "cardiology"):
        AnswerFactory(
            assessment=assessment,
            criterion=Criterion.objects.get(code="1.1"),
            service_area=areas[code],
        )
    # The optional 1.2 neither adds to the answers nor to the expected ones.
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.2"),
        service_area=areas["pathology"],
    )
    AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))

    html = client_for(setup["contributor"]).get(section_url(assessment)).content.decode()

    counts = re.findall(r'<span>([^<]+)</span><span class="small">(\d+/\d+)</span>', html)
    assert counts == [
        ("Stage 1", "2/3"),
        ("Stage 2", "1/4"),
        ("Stage 3", "0/7"),
        ("Stage 4", "0/6"),
        ("Group A", "0/6"),
        ("Group B", "0/7"),
        ("Group C", "0/4"),
    ]
    assert 'aria-label="Stage 1 completion" aria-valuenow="67"' in html


def test_light_workspace_scores_and_builds_answers_as_the_full_one(setup) -> None:  # type: ignore[no-untyped-def]
    """The autosave's workspace (answers as rows) against the section page's (answers as models):
    the same statuses, score and progress; an answer built from its row equals the model read by
    the ORM, its verdict (or none) cached, without a query."""
    from assessments.access import assessment_access
    from assessments.workspace import workspace_load, workspace_load_light
    from tests.assessments.review_factories import VerdictFactory

    assessment = setup["assessment"]
    radiology = ServiceArea.objects.get(code="radiology")
    with_verdict = AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=radiology,
        status="partial",
        comment="PACS in two sites",
        updated_by=setup["lead"],
    )
    VerdictFactory(answer=with_verdict, accepted=False, comment="Show the third site")
    without = AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))
    access = assessment_access(setup["lead"], assessment.pk)
    full = workspace_load(access)
    light = workspace_load_light(access)

    assert (
        light.statuses
        == full.statuses
        == {
            (with_verdict.criterion_id, radiology.pk): "partial",
            (without.criterion_id, None): "met",
        }
    )
    assert light.answers == {}
    assert light.score == full.score
    assert light.progress == full.progress
    with CaptureQueriesContext(connection) as queries:
        built = light.answer((with_verdict.criterion_id, radiology.pk))
        built_without = light.answer((without.criterion_id, None))
        assert light.answer((with_verdict.criterion_id, None)) is None
        verdict = built.verdict  # type: ignore[union-attr]
        assert built_without is not None and not hasattr(built_without, "verdict")
    assert len(queries) == 0
    stored = Answer.objects.select_related("verdict").get(pk=with_verdict.pk)
    fields = [f.attname for f in Answer._meta.concrete_fields]
    assert [getattr(built, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert (verdict.pk, verdict.accepted, verdict.comment, verdict.answer) == (
        stored.verdict.pk,
        False,
        "Show the third site",
        built,
    )
    assert built._state.adding is False and built._state.db == "default"  # type: ignore[union-attr]
