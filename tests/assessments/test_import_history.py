"""Answers created in bulk (import, demo data) start the audit trail like any other answer."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from assessments.audit import assessment_timeline
from assessments.exchange import DocAnswer, DocArea, Document
from assessments.models import Answer, Assessment
from assessments.services import assessment_import
from tests.factories import UserFactory


def test_imported_answers_have_history_rows_with_their_author(catalog) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(username="importer")
    document = Document(
        organization_name="Imported Hospital",
        country="DE",
        kind="hospital",
        model="diam",
        service_areas=[DocArea("radiology", 1000), DocArea("cardiology", 500)],
        answers=[
            DocAnswer("1.1", "met", "radiology"),
            DocAnswer("1.1", "partial", "cardiology", "PACS only"),
            DocAnswer("2.2", "met"),
        ],
    )

    assessment = assessment_import(document=document, catalog=catalog, created_by=user)

    history = Answer.history.filter(assessment_id=assessment.pk).order_by("criterion__order")
    assert sorted(
        (h.criterion.code, h.status, h.history_type, h.history_user) for h in history
    ) == [
        ("1.1", "met", "+", user),
        ("1.1", "partial", "+", user),
        ("2.2", "met", "+", user),
    ]
    whats = [entry.what for entry in assessment_timeline(assessment) if entry.kind == "answer"]
    assert sorted(whats) == [
        "Answer 1.1 · Cardiology given",
        "Answer 1.1 · Radiology given",
        "Answer 2.2 given",
    ]


@override_settings(DEBUG=True)
def test_demo_answers_have_history_rows(catalog) -> None:  # type: ignore[no-untyped-def]
    call_command("create_demo_data", stdout=StringIO())

    draft = Assessment.objects.get(title="DIAM self-assessment 2026")

    assert Answer.history.filter(assessment_id=draft.pk, history_type="+").count() == 14
