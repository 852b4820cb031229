"""The audit trail (assessments.audit): every change to an answer, an evidence file, a verdict or
the assessment, with who, when and the old and new values; the history cannot be edited."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.fixtures import Settings
from simple_history.admin import SimpleHistoryAdmin

from assessments.access import ASSESSORS_GROUP
from assessments.audit import TimelineEntry, assessment_timeline
from assessments.enums import Role
from assessments.lifecycle import assessment_transition
from assessments.models import Answer, Assessment, Evidence, Verdict
from criteria.models import Criterion, ServiceArea
from discussions.enums import Side
from discussions.models import AnswerMessage
from tests.assessments.audit_factories import (
    PDF,
    answer_everything,
    client_for,
    member,
    slot_data,
    verdict_record,
)
from tests.factories import AnswerFactory, OrganizationFactory, UserFactory, assessment_with_areas

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
CREATED = (
    "Assessment “Survey 2026” created",
    "system",
    [("Status", "—", "Draft"), ("Title", "—", "Survey 2026")],
)


@pytest.fixture
def setup(catalog):  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="Survey 2026"
    )
    assessor = UserFactory(username="ada")
    assessor.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    return {
        "assessment": assessment,
        "lead": member(assessment, "lena", Role.LEAD),
        "contributor": member(assessment, "carl"),
        "assessor": assessor,
    }


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def summary(entries: list[TimelineEntry]) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    return [(e.what, e.who, [(c.label, c.old, c.new) for c in e.changes]) for e in entries]


def area_answer(assessment: Assessment, code: str = "1.1", area: str = "radiology") -> Answer:
    return AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code=code),
        service_area=ServiceArea.objects.get(code=area),
    )


def test_assessment_timeline_answer_saved_through_section_records_user_and_values(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    url = reverse("assessment_section", args=[assessment.pk, "stage-1"])
    client_for(setup["contributor"]).post(url, slot_data("s-1_1-radiology", status="met"))
    client_for(setup["lead"]).post(
        url, slot_data("s-1_1-radiology", status="partial", comment="CT only", version=1)
    )

    entries = assessment_timeline(assessment)

    assert summary(entries) == [
        (
            "Answer 1.1 · Radiology changed",
            "lena",
            [("Status", "Met", "Partially met"), ("Comment", "—", "CT only")],
        ),
        ("Answer 1.1 · Radiology given", "carl", [("Status", "—", "Met")]),
        CREATED,
    ]
    assert [(e.kind, e.action) for e in entries] == [
        ("answer", "~"),
        ("answer", "+"),
        ("assessment", "+"),
    ]


def test_assessment_timeline_enterprise_answer_removed(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer = AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))
    answer._history_user = setup["lead"]  # type: ignore[attr-defined]
    answer.delete()

    entries = assessment_timeline(assessment)

    assert summary(entries) == [
        ("Answer 2.2 removed", "lena", [("Status", "Met", "—")]),
        ("Answer 2.2 given", "system", [("Status", "—", "Met")]),
        CREATED,
    ]


def test_assessment_timeline_evidence_attached_and_deleted_through_views(setup, media_root) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer = area_answer(assessment)
    client_for(setup["contributor"]).post(
        reverse("evidence_upload", args=[assessment.pk, answer.pk]),
        {"file": SimpleUploadedFile("scan.pdf", PDF)},
    )
    evidence = Evidence.objects.get()
    client_for(setup["lead"]).post(reverse("evidence_delete", args=[assessment.pk, evidence.pk]))

    entries = assessment_timeline(assessment)

    assert Evidence.objects.count() == 0
    assert summary(entries)[:2] == [
        (
            "Evidence “scan.pdf” deleted from answer 1.1 · Radiology",
            "lena",
            [("File", "scan.pdf", "—")],
        ),
        (
            "Evidence “scan.pdf” attached to answer 1.1 · Radiology",
            "carl",
            [("File", "—", "scan.pdf")],
        ),
    ]


def test_assessment_timeline_verdict_recorded_and_changed(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessor = setup["assessor"]
    verdict = verdict_record(
        area_answer(assessment, area="cardiology"),
        accepted=False,
        comment="No echo PACS",
        by=assessor,
    )
    verdict.accepted, verdict.comment = True, ""
    verdict._history_user = assessor  # type: ignore[attr-defined]
    verdict.save()

    entries = assessment_timeline(assessment)

    assert summary(entries)[:2] == [
        (
            "Verdict on 1.1 · Cardiology: accepted",
            "ada",
            [("Verdict", "Not accepted", "Accepted"), ("Comment", "No echo PACS", "—")],
        ),
        (
            "Verdict on 1.1 · Cardiology: not accepted",
            "ada",
            [("Verdict", "—", "Not accepted"), ("Comment", "—", "No echo PACS")],
        ),
    ]


def test_assessment_timeline_verdict_removed(setup) -> None:  # type: ignore[no-untyped-def]
    verdict = verdict_record(area_answer(setup["assessment"]), accepted=True, by=setup["assessor"])
    verdict._history_user = setup["assessor"]  # type: ignore[attr-defined]
    verdict.delete()

    entries = assessment_timeline(setup["assessment"])

    assert summary(entries)[0] == (
        "Verdict on 1.1 · Radiology removed",
        "ada",
        [("Verdict", "Accepted", "—")],
    )


def message_written(answer: Answer, author, body: str) -> None:  # type: ignore[no-untyped-def]
    """A message saved as answer_message_post saves it (which also checks the status)."""
    message = AnswerMessage(answer=answer, author=author, side=Side.ASSESSOR, body=body)
    message._history_user = author  # type: ignore[attr-defined]
    message.save()


def test_assessment_timeline_message_on_an_answer_shows_author_and_text(setup) -> None:  # type: ignore[no-untyped-def]
    answer = area_answer(setup["assessment"])
    message_written(answer, setup["lead"], "The PACS is shared.")

    entries = assessment_timeline(setup["assessment"])

    assert summary(entries)[0] == (
        "Message on 1.1 · Radiology",
        "lena",
        [("Message", "—", "The PACS is shared.")],
    )
    assert entries[0].kind == "message"


def test_assessment_timeline_without_verdicts_hides_messages(setup) -> None:  # type: ignore[no-untyped-def]
    answer = area_answer(setup["assessment"])
    message_written(answer, setup["assessor"], "Which?")

    entries = assessment_timeline(setup["assessment"], show_verdicts=False)

    assert [e.kind for e in entries] == ["answer", "assessment"]


def test_assessment_timeline_submit_transition_records_status_labels(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer_everything(assessment)

    assessment_transition(assessment=assessment, action="submit", user=setup["lead"], now=NOW)

    entries = assessment_timeline(assessment)
    assert summary(entries)[0] == (
        "Status: Draft → Submitted",
        "lena",
        [
            ("Status", "Draft", "Submitted"),
            ("Submitted at", "—", "March 4, 2026, 10:30 a.m."),
            ("Self-assessed stage", "—", "7"),
        ],
    )
    assert (entries[0].when, entries[0].kind) == (
        Assessment.history.latest().history_date,
        "assessment",
    )


def test_assessment_timeline_assessor_assignment_shows_names(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = setup["assessor"]
    assessment._history_user = UserFactory(  # type: ignore[attr-defined]
        username="root", first_name="Ines", last_name="Admin", is_staff=True
    )
    assessment.save()

    entries = assessment_timeline(assessment)

    assert summary(entries)[0] == (
        "Assessment details changed",
        "Ines Admin",
        [("Assessor", "—", "ada")],
    )


def test_assessment_timeline_save_without_visible_change_is_left_out(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.save()

    assert summary(assessment_timeline(assessment)) == [CREATED]


def test_assessment_timeline_without_verdicts_hides_verdicts_and_findings(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer = area_answer(assessment)
    verdict_record(answer, accepted=False, comment="Not in the EMR", by=setup["assessor"])
    assessment.strengths = "Strong governance"
    assessment._history_user = setup["assessor"]  # type: ignore[attr-defined]
    assessment.save()

    hidden = assessment_timeline(assessment, show_verdicts=False, show_findings=False)
    shown = assessment_timeline(assessment)

    assert summary(hidden) == [
        ("Answer 1.1 · Radiology given", "system", [("Status", "—", "Met")]),
        CREATED,
    ]
    assert [e.what for e in shown] == [
        "Assessment details changed",
        "Verdict on 1.1 · Radiology: not accepted",
        "Answer 1.1 · Radiology given",
        "Assessment “Survey 2026” created",
    ]
    assert (shown[0].changes[0].label, shown[0].changes[0].new) == (
        "Strengths",
        "Strong governance",
    )


def test_assessment_timeline_without_findings_keeps_verdicts(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    answer = area_answer(assessment)
    verdict_record(answer, accepted=False, comment="Not in the EMR", by=setup["assessor"])
    assessment.strengths = "Strong governance"
    assessment.recommendations = "Extend mobile access"
    assessment._history_user = setup["assessor"]  # type: ignore[attr-defined]
    assessment.save()

    entries = assessment_timeline(assessment, show_findings=False)

    assert summary(entries) == [
        (
            "Verdict on 1.1 · Radiology: not accepted",
            "ada",
            [("Verdict", "—", "Not accepted"), ("Comment", "—", "Not in the EMR")],
        ),
        ("Answer 1.1 · Radiology given", "system", [("Status", "—", "Met")]),
        CREATED,
    ]


def test_assessment_timeline_other_assessments_are_left_out(setup) -> None:  # type: ignore[no-untyped-def]
    other = assessment_with_areas(["radiology"], title="Elsewhere")
    verdict_record(area_answer(other), accepted=True, by=setup["assessor"])

    assert summary(assessment_timeline(setup["assessment"])) == [CREATED]


def _changed_answers(assessment: Assessment, count: int, user) -> None:  # type: ignore[no-untyped-def]
    areas = list(ServiceArea.objects.order_by("order")[:count])
    for area in areas:
        answer = AnswerFactory(
            assessment=assessment, criterion=Criterion.objects.get(code="1.1"), service_area=area
        )
        for status in ("partial", "not_met"):
            answer.status = status
            answer._history_user = user  # type: ignore[attr-defined]
            answer.save()
        Evidence.objects.create(
            answer=answer,
            file="evidence/x",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
        )
        verdict_record(answer, accepted=True, by=user)
        AnswerMessage.objects.create(answer=answer, author=user, side=Side.ASSESSOR, body="Why?")


@pytest.mark.parametrize("count", [1, 10])
def test_assessment_timeline_query_count_does_not_grow(
    setup, count, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    _changed_answers(assessment, count, setup["contributor"])

    # One query per history table: assessments, answers, evidence, verdicts, messages.
    with django_assert_num_queries(5):
        entries = assessment_timeline(assessment)

    assert len(entries) == 1 + count * 6


def test_history_models_are_not_editable_in_admin() -> None:
    historical = {M.history.model for M in (Assessment, Answer, Evidence, Verdict)}

    assert [m for m in admin.site._registry if m in historical] == []
    assert [
        type(a).__name__ for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)
    ] == []
