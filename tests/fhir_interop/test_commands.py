"""fhir_questionnaire, export_assessment --format fhir and import_assessment of a
QuestionnaireResponse, with real files."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse

from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from assessments.scoring import assessment_score
from tests.fhir_interop.documents import full_document, row_counts, write_json

pytestmark = pytest.mark.usefixtures("catalog")


def run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_fhir_questionnaire_writes_a_questionnaire(tmp_path: Path) -> None:
    path = tmp_path / "questionnaire.json"

    run("fhir_questionnaire", "-o", str(path))

    assert Questionnaire.model_validate(read(path)).version == "diam"


def test_fhir_questionnaire_prints_to_stdout() -> None:
    assert json.loads(run("fhir_questionnaire"))["resourceType"] == "Questionnaire"


def test_fhir_questionnaire_unknown_catalog_is_refused() -> None:
    with pytest.raises(CommandError) as raised:
        run("fhir_questionnaire", "--catalog", "diam-2019")

    assert str(raised.value) == (
        'catalog "diam-2019" is not loaded; run "manage.py load_catalog" first'
    )


def test_export_assessment_format_fhir_writes_a_questionnaire_response(tmp_path: Path) -> None:
    pk = run("import_assessment", write_json(tmp_path / "a.json", full_document())).strip()
    path = tmp_path / "response.json"

    run("export_assessment", pk, "--format", "fhir", "-o", str(path))

    assert QuestionnaireResponse.model_validate(read(path)).id == pk


def test_round_trip_through_fhir_gives_the_same_answers_and_score(tmp_path: Path) -> None:
    first = run("import_assessment", write_json(tmp_path / "a.json", full_document())).strip()
    run("export_assessment", first, "--format", "fhir", "-o", str(tmp_path / "fhir.json"))
    second = run("import_assessment", str(tmp_path / "fhir.json")).strip()
    run("export_assessment", first, "-o", str(tmp_path / "first.json"))
    run("export_assessment", second, "-o", str(tmp_path / "second.json"))
    original, back = read(tmp_path / "first.json"), read(tmp_path / "second.json")

    # Imported twice into one organization: the second is "... (2)".
    assert (back.pop("title"), back) == (original.pop("title") + " (2)", original)
    assert original["answers"] == full_document()["answers"]
    scores = [assessment_score(Assessment.objects.get(pk=pk)).as_dict() for pk in (first, second)]
    assert scores[1] == scores[0]


def test_score_assessment_reads_a_questionnaire_response(tmp_path: Path) -> None:
    diam_file = write_json(tmp_path / "a.json", full_document())
    pk = run("import_assessment", diam_file).strip()
    run("export_assessment", pk, "--format", "fhir", "-o", str(tmp_path / "fhir.json"))

    assert run("score_assessment", str(tmp_path / "fhir.json"), "--json") == run(
        "score_assessment", diam_file, "--json"
    )


def test_import_of_a_questionnaire_response_is_a_draft(tmp_path: Path) -> None:
    first = Assessment.objects.get(
        pk=run("import_assessment", write_json(tmp_path / "a.json", full_document()))
    )
    first.status = AssessmentStatus.SUBMITTED
    first.save(update_fields=["status"])
    run("export_assessment", str(first.pk), "--format", "fhir", "-o", str(tmp_path / "fhir.json"))

    second = Assessment.objects.get(pk=run("import_assessment", str(tmp_path / "fhir.json")))

    assert (read(tmp_path / "fhir.json")["status"], second.status) == ("completed", "draft")


def test_bad_questionnaire_response_is_rejected_and_nothing_written(tmp_path: Path) -> None:
    pk = run("import_assessment", write_json(tmp_path / "a.json", full_document())).strip()
    run("export_assessment", pk, "--format", "fhir", "-o", str(tmp_path / "fhir.json"))
    data = read(tmp_path / "fhir.json")
    stage_2 = next(i for i in data["item"] if i["linkId"] == "stage-2")
    stage_2["item"].append(
        {"linkId": "2.9", "item": [{"linkId": "2.9.comment", "answer": [{"valueString": "?"}]}]}
    )
    status = next(i for i in stage_2["item"] if i["linkId"] == "2.2")["item"][0]
    status["answer"][0]["valueCoding"]["code"] = "na"
    path = write_json(tmp_path / "bad.json", data)
    before = row_counts()

    with pytest.raises(CommandError) as raised:
        run("import_assessment", path)

    assert (str(raised.value).splitlines(), row_counts()) == (
        [
            'item "2.9": unknown linkId "2.9" in the DIAM questionnaire',
            'item "2.2.status" (in item "2.2"): status "na" is not allowed for criterion "2.2" '
            "(allowed: met, partial, not_met)",
            f"{path} was rejected; nothing was written.",
        ],
        before,
    )


def test_import_of_a_questionnaire_response_of_another_catalog_is_refused(
    tmp_path: Path,
) -> None:
    pk = run("import_assessment", write_json(tmp_path / "a.json", full_document())).strip()
    run("export_assessment", pk, "--format", "fhir", "-o", str(tmp_path / "fhir.json"))
    data = read(tmp_path / "fhir.json")
    data["questionnaire"] = data["questionnaire"].replace("|diam", "|diam-2019")
    path = write_json(tmp_path / "other.json", data)
    before = row_counts()

    with pytest.raises(CommandError) as raised:
        run("import_assessment", path)

    base = settings.DIAM_FHIR_CANONICAL_BASE
    assert (str(raised.value).splitlines(), row_counts()) == (
        [
            f'questionnaire: expected "{base}/Questionnaire/diam|diam", '
            f'got "{base}/Questionnaire/diam|diam-2019"',
            f"{path} was rejected; nothing was written.",
        ],
        before,
    )
