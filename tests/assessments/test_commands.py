"""The exchange-format commands: score_assessment, import_assessment and export_assessment.

Expected messages, summaries and score values are written out in full: they are the
commands' contract with their users (DIAM.md, "Exchange format" and "Score result").
"""

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Answer, Assessment, AssessmentArea, Organization
from criteria.models import CatalogVersion, ServiceArea
from tests.factories import AnswerFactory, MembershipFactory, assessment_with_areas

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("catalog")

GROUP_A = "A (External image exchange and patient engagement)"
GROUP_B = "B (Clinical decision support)"
GROUP_C = "C (Analytics and personalised medicine)"
AREA_REQUIRED = ["1.1", "2.1", "3.3", "A.1", "B.4"]
ENTERPRISE_REQUIRED = [
    "2.2",
    "3.1",
    "3.2",
    "3.4",
    "3.5",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6",
    "A.2",
    "A.3",
    "A.4",
    "B.1",
    "B.2",
    "B.3",
    "B.5",
    "C.1",
    "C.2",
    "C.3",
    "C.4",
]


def base_document() -> dict[str, Any]:
    """A small valid document: two active areas, three answers."""
    return {
        "format": "diam-assessment/1",
        "model": "diam",
        "organization": {"name": "St. Example Hospital", "country": "DE", "kind": "hospital"},
        "service_areas": [
            {"code": "radiology", "annual_volume": 120000},
            {"code": "cardiology", "annual_volume": 30000},
        ],
        "answers": [
            {
                "criterion": "1.1",
                "service_area": "radiology",
                "status": "met",
                "comment": "RIS/PACS since 2015",
            },
            {"criterion": "1.1", "service_area": "cardiology", "status": "met"},
            {"criterion": "2.2", "status": "met"},
        ],
    }


def scored_document() -> dict[str, Any]:
    """Stage 2 (2.1 met by the 80% volume share), group C met, stage 3 partly answered."""
    document = base_document()
    document["answers"] = [
        {"criterion": "1.1", "service_area": "radiology", "status": "met"},
        {"criterion": "1.1", "service_area": "cardiology", "status": "met"},
        {"criterion": "1.2", "service_area": "radiology", "status": "met"},
        {"criterion": "2.1", "service_area": "radiology", "status": "met"},
        {"criterion": "2.1", "service_area": "cardiology", "status": "not_met"},
        {"criterion": "2.2", "status": "met"},
        {"criterion": "3.1", "status": "met"},
        {"criterion": "3.2", "status": "partial"},
        {"criterion": "3.3", "service_area": "radiology", "status": "met"},
        {"criterion": "C.1", "status": "met"},
        {"criterion": "C.2", "status": "met"},
        {"criterion": "C.3", "status": "met"},
        {"criterion": "C.4", "status": "met"},
    ]
    return document


def all_met_document() -> dict[str, Any]:
    document = base_document()
    document["answers"] = [
        {"criterion": code, "service_area": area, "status": "met"}
        for code in AREA_REQUIRED
        for area in ("radiology", "cardiology")
    ] + [{"criterion": code, "status": "met"} for code in ENTERPRISE_REQUIRED]
    return document


def write_json(tmp_path: Path, data: Any, name: str = "assessment.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model of the assessments app (Organization, Membership, Assessment, ...)."""
    models = apps.get_app_config("assessments").get_models()
    return {model.__name__: model._default_manager.count() for model in models}


@pytest.fixture
def existing_rows() -> dict[str, int]:
    """Rows already in the database, for the organization the documents name."""
    assessment = assessment_with_areas(
        ["radiology"], organization__name="St. Example Hospital", organization__slug="st-example"
    )
    AnswerFactory(assessment=assessment)
    MembershipFactory(organization=assessment.organization)
    return row_counts()


def rejected_lines(path: str, *messages: str) -> list[str]:
    return [*messages, f"{path} was rejected; nothing was written."]


# score_assessment


def test_score_assessment_prints_summary(tmp_path: Path) -> None:
    path = write_json(tmp_path, scored_document())

    output = run("score_assessment", path)

    assert output == (
        "Stage 2\n"
        f"Groups met: {GROUP_C}\n"
        "Blocking stage 3:\n"
        "  3.2 Formalized acquisition and communication workflows\n"
        "  3.3 Quality, safety and operational parameters under control\n"
        "  3.4 Single point of entry and consolidated viewer\n"
        "  3.5 External referrers can view images\n"
        "Answered 12 of 32 required answers.\n"
    )


def test_score_assessment_prints_summary_without_answers(tmp_path: Path) -> None:
    document = base_document()
    document["answers"] = []
    path = write_json(tmp_path, document)

    output = run("score_assessment", path)

    assert output == (
        "Stage 0\n"
        "Groups met: none\n"
        "Blocking stage 1:\n"
        "  1.1 Specialized imaging information systems installed\n"
        "Answered 0 of 32 required answers.\n"
    )


def test_score_assessment_prints_summary_at_highest_stage(tmp_path: Path) -> None:
    path = write_json(tmp_path, all_met_document())

    output = run("score_assessment", path)

    assert output == (
        "Stage 7\n"
        f"Groups met: {GROUP_A}, {GROUP_B}, {GROUP_C}\n"
        "Highest stage reached.\n"
        "Answered 32 of 32 required answers.\n"
    )


def test_score_assessment_json_prints_score_result(tmp_path: Path) -> None:
    path = write_json(tmp_path, scored_document())

    result = json.loads(run("score_assessment", "--json", path))

    assert sorted(result) == ["completion", "criteria", "groups", "next_stage", "stage", "stages"]
    assert result["stage"] == 2
    assert result["stages"] == {"1": True, "2": True, "3": False, "4": False}
    assert result["groups"] == {"A": False, "B": False, "C": True}
    assert result["next_stage"] == {"stage": 3, "missing": ["3.2", "3.3", "3.4", "3.5"]}
    assert result["completion"] == {"answered": 12, "required": 32}
    assert len(result["criteria"]) == 28
    assert result["criteria"]["2.1"] == {
        "met": True,
        "required": True,
        "answered": 2,
        "expected": 2,
        "areas_met": 1,
        "areas_partial": 0,
        "areas_not_met": 1,
        "areas_na": 0,
        "areas_counted": 2,
        "met_areas": ["radiology"],
        "volume_share": 0.8,
    }
    assert result["criteria"]["3.3"] == {
        "met": False,
        "required": True,
        "answered": 1,
        "expected": 2,
        "areas_met": 1,
        "areas_partial": 0,
        "areas_not_met": 0,
        "areas_na": 0,
        "areas_counted": 2,
        "met_areas": ["radiology"],
    }
    assert result["criteria"]["2.2"] == {
        "met": True,
        "required": True,
        "answered": 1,
        "expected": 1,
        "status": "met",
    }
    assert result["criteria"]["3.2"] == {
        "met": False,
        "required": True,
        "answered": 1,
        "expected": 1,
        "status": "partial",
    }
    assert result["criteria"]["4.1"] == {
        "met": False,
        "required": True,
        "answered": 0,
        "expected": 1,
        "status": None,
    }


def test_score_assessment_json_at_highest_stage_has_no_next_stage(tmp_path: Path) -> None:
    path = write_json(tmp_path, all_met_document())

    result = json.loads(run("score_assessment", "--json", path))

    assert result["stage"] == 7
    assert result["groups"] == {"A": True, "B": True, "C": True}
    assert result["next_stage"] is None
    assert result["completion"] == {"answered": 32, "required": 32}


def test_score_assessment_writes_nothing(tmp_path: Path, existing_rows: dict[str, int]) -> None:
    path = write_json(tmp_path, scored_document())

    run("score_assessment", path)
    run("score_assessment", "--json", path)

    assert row_counts() == existing_rows


def test_score_assessment_without_catalog_raises_command_error(tmp_path: Path) -> None:
    path = write_json(tmp_path, base_document())

    with pytest.raises(CommandError) as excinfo:
        run("score_assessment", "--catalog", "emram", path)

    assert str(excinfo.value) == 'catalog "emram" is not loaded; run "manage.py load_catalog" first'


def test_score_assessment_missing_file_raises_command_error(tmp_path: Path) -> None:
    path = str(tmp_path / "missing.json")

    with pytest.raises(CommandError) as excinfo:
        run("score_assessment", path)

    assert str(excinfo.value) == (
        f"{path}: cannot read: [Errno 2] No such file or directory: '{path}'"
    )


# import_assessment


def test_import_assessment_prints_new_id(tmp_path: Path) -> None:
    path = write_json(tmp_path, base_document())

    output = run("import_assessment", path)

    assessment = Assessment.objects.get()
    assert output == f"{assessment.pk}\n"


def test_import_assessment_creates_organization(tmp_path: Path) -> None:
    path = write_json(tmp_path, base_document())

    run("import_assessment", path)

    organization = Organization.objects.get()
    assert (organization.name, organization.slug, str(organization.country), organization.kind) == (
        "St. Example Hospital",
        "st-example-hospital",
        "DE",
        "hospital",
    )


def test_import_assessment_twice_reuses_organization(tmp_path: Path) -> None:
    path = write_json(tmp_path, base_document())

    first = int(run("import_assessment", path))
    second = int(run("import_assessment", path))

    organization = Organization.objects.get()
    assert Organization.objects.count() == 1
    assert Assessment.objects.count() == 2
    assert sorted(organization.assessments.values_list("pk", flat=True)) == [first, second]
    title = Assessment.objects.get(pk=first).title
    assert Assessment.objects.get(pk=second).title == f"{title} (2)"


def test_import_assessment_stores_areas_and_answers(tmp_path: Path) -> None:
    path = write_json(tmp_path, base_document())

    assessment = Assessment.objects.get(pk=int(run("import_assessment", path)))

    areas = set(
        AssessmentArea.objects.filter(assessment=assessment).values_list(
            "service_area__code", "annual_volume"
        )
    )
    answers = set(
        Answer.objects.filter(assessment=assessment).values_list(
            "criterion__code", "service_area__code", "status", "comment"
        )
    )
    assert areas == {("radiology", 120000), ("cardiology", 30000)}
    assert answers == {
        ("1.1", "radiology", "met", "RIS/PACS since 2015"),
        ("1.1", "cardiology", "met", ""),
        ("2.2", None, "met", ""),
    }


def test_import_assessment_creates_draft(tmp_path: Path, catalog: CatalogVersion) -> None:
    path = write_json(tmp_path, base_document())

    assessment = Assessment.objects.get(pk=int(run("import_assessment", path)))

    assert (assessment.status, assessment.title, assessment.catalog_id) == (
        "draft",
        "Imported assessment",
        catalog.pk,
    )


def test_import_assessment_keeps_title(tmp_path: Path) -> None:
    document = base_document()
    document["title"] = "Self-assessment 2025"
    path = write_json(tmp_path, document)

    assessment = Assessment.objects.get(pk=int(run("import_assessment", path)))

    assert assessment.title == "Self-assessment 2025"


# export_assessment


def test_export_assessment_prints_document_in_catalog_order(tmp_path: Path) -> None:
    document = base_document()
    document["organization"]["name"] = "Hôpital Saint-Étienne"
    document["service_areas"].reverse()
    document["answers"].reverse()
    assessment_id = run("import_assessment", write_json(tmp_path, document)).strip()

    output = run("export_assessment", assessment_id)

    expected = {
        "format": "diam-assessment/1",
        "model": "diam",
        "title": "Imported assessment",
        "organization": {"name": "Hôpital Saint-Étienne", "country": "DE", "kind": "hospital"},
        "service_areas": [
            {"code": "radiology", "annual_volume": 120000},
            {"code": "cardiology", "annual_volume": 30000},
        ],
        "answers": [
            {
                "criterion": "1.1",
                "service_area": "radiology",
                "status": "met",
                "comment": "RIS/PACS since 2015",
            },
            {"criterion": "1.1", "service_area": "cardiology", "status": "met"},
            {"criterion": "2.2", "status": "met"},
        ],
    }
    assert output == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_export_assessment_leaves_the_findings_out(tmp_path: Path) -> None:
    assessment_id = run("import_assessment", write_json(tmp_path, base_document())).strip()
    Assessment.objects.filter(pk=assessment_id).update(
        status="validated", strengths="Archive-wide governance", recommendations="Publish"
    )

    output = run("export_assessment", assessment_id)

    assert sorted(json.loads(output)) == [
        "answers",
        "format",
        "model",
        "organization",
        "service_areas",
        "title",
    ]
    assert "Archive-wide governance" not in output


def test_export_assessment_writes_file(tmp_path: Path) -> None:
    assessment_id = run("import_assessment", write_json(tmp_path, base_document())).strip()
    target = tmp_path / "export.json"

    output = run("export_assessment", assessment_id, "-o", str(target))

    assert output == ""
    assert target.read_text(encoding="utf-8") == run("export_assessment", assessment_id)


def test_export_assessment_round_trip_is_stable(tmp_path: Path) -> None:
    document = base_document()
    document["service_areas"].append({"code": "pathology", "annual_volume": None})
    document["answers"].append(
        {"criterion": "A.1", "service_area": "pathology", "status": "na", "comment": "n/a"}
    )
    first_id = run("import_assessment", write_json(tmp_path, document)).strip()
    first_path = tmp_path / "first.json"
    run("export_assessment", first_id, "-o", str(first_path))
    # Titles are unique per organization: the second import would otherwise be "… (2)".
    Assessment.objects.filter(pk=first_id).update(title="Archived")

    second_id = run("import_assessment", str(first_path)).strip()
    second_path = tmp_path / "second.json"
    run("export_assessment", second_id, "-o", str(second_path))

    first_text = first_path.read_text(encoding="utf-8")
    second_text = second_path.read_text(encoding="utf-8")
    assert second_id != first_id
    assert json.loads(second_text) == json.loads(first_text)
    assert second_text == first_text


def test_export_assessment_unknown_id_raises_command_error() -> None:
    with pytest.raises(CommandError) as excinfo:
        run("export_assessment", "999999")

    assert str(excinfo.value) == "assessment 999999 does not exist"


# bad input


Mutation = Callable[[dict[str, Any]], None]


def _append_answer(answer: dict[str, Any]) -> Mutation:
    return lambda document: document["answers"].append(answer)


def _append_area(area: dict[str, Any]) -> Mutation:
    return lambda document: document["service_areas"].append(area)


def _set(key: str, value: Any, within: str | None = None) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        (document[within] if within else document)[key] = value

    return mutate


def _drop(key: str) -> Mutation:
    return lambda document: document.pop(key)


BAD_DOCUMENTS = [
    pytest.param(
        _append_answer({"criterion": "9.9", "status": "met"}),
        'answers[3]: unknown criterion "9.9"',
        id="unknown-criterion",
    ),
    pytest.param(
        _append_area({"code": "mri", "annual_volume": 10}),
        'service_areas[2]: unknown service area "mri"',
        id="unknown-service-area",
    ),
    pytest.param(
        _append_answer({"criterion": "1.1", "service_area": "pathology", "status": "met"}),
        'answers[3]: service area "pathology" is not active in this assessment',
        id="inactive-service-area",
    ),
    pytest.param(
        _append_answer({"criterion": "1.1", "service_area": "mri", "status": "met"}),
        'answers[3]: unknown service area "mri"',
        id="answer-unknown-service-area",
    ),
    pytest.param(
        _append_answer({"criterion": "3.1", "service_area": "radiology", "status": "met"}),
        'answers[3]: criterion "3.1" is answered once for the organization; remove service_area',
        id="area-for-enterprise-criterion",
    ),
    pytest.param(
        _append_answer({"criterion": "3.3", "status": "met"}),
        'answers[3]: criterion "3.3" is answered per service area; service_area is missing',
        id="area-missing-for-area-criterion",
    ),
    pytest.param(
        _append_answer({"criterion": "3.1", "status": "done"}),
        'answers[3]: unknown status "done" (expected met, partial, not_met, na)',
        id="bad-status",
    ),
    pytest.param(
        _append_answer({"criterion": "1.1", "service_area": "cardiology", "status": "partial"}),
        'answers[3]: duplicate answer for criterion "1.1" in "cardiology" (see answers[1])',
        id="duplicate-area-answer",
    ),
    pytest.param(
        _append_answer({"criterion": "2.2", "status": "not_met"}),
        'answers[3]: duplicate answer for criterion "2.2" (see answers[2])',
        id="duplicate-enterprise-answer",
    ),
    pytest.param(
        _append_answer({"criterion": "3.1", "status": "na"}),
        'answers[3]: status "na" is only allowed for criteria answered per service area',
        id="na-on-enterprise-criterion",
    ),
    pytest.param(
        _set("format", "diam-assessment/2"),
        'format: expected "diam-assessment/1", got "diam-assessment/2"',
        id="wrong-format-tag",
    ),
    pytest.param(
        _drop("format"),
        'format: expected "diam-assessment/1", got null',
        id="missing-format-tag",
    ),
    pytest.param(
        _append_area({"code": "radiology", "annual_volume": 5}),
        'service_areas[2]: duplicate service area "radiology" (see service_areas[0])',
        id="duplicate-service-area",
    ),
    pytest.param(
        _append_area({"code": "pathology", "annual_volume": -5}),
        "service_areas[2]: annual_volume must be a whole number >= 0, got -5",
        id="negative-annual-volume",
    ),
    pytest.param(
        _set("country", "XX", within="organization"),
        'organization.country: unknown ISO 3166-1 alpha-2 code "XX"',
        id="bad-country",
    ),
    pytest.param(
        _set("kind", "clinic", within="organization"),
        'organization.kind: unknown kind "clinic" (expected hospital, diagnostic-center, '
        "health-system)",
        id="bad-kind",
    ),
    pytest.param(
        _set("model", "emram"),
        'model: unknown catalog "emram" (expected "diam")',
        id="wrong-model",
    ),
    pytest.param(
        _append_answer({"criterion": "3.1", "status": "met", "comment": "x" * 10_001}),
        "answers[3]: comment must be a string of at most 10000 characters",
        id="comment-too-long",
    ),
    pytest.param(
        # Assessment.title holds 200 characters; a longer title must be rejected by the
        # validation, not fail later in full_clean() with a traceback.
        _set("title", "x" * 201),
        "title: expected a non-empty string of at most 200 characters",
        id="title-too-long",
    ),
    pytest.param(
        _set("title", "   "),
        "title: expected a non-empty string of at most 200 characters",
        id="title-blank",
    ),
    pytest.param(
        _append_answer({"criterion": "0.1", "status": "met"}),
        'answers[3]: criterion "0.1" describes the baseline and is not answered',
        id="baseline-criterion-answered",
    ),
]


@pytest.mark.parametrize("command", ["import_assessment", "score_assessment"])
@pytest.mark.parametrize(("mutate", "message"), BAD_DOCUMENTS)
def test_bad_document_is_rejected_and_nothing_is_written(
    tmp_path: Path,
    existing_rows: dict[str, int],
    command: str,
    mutate: Mutation,
    message: str,
) -> None:
    document = base_document()
    mutate(document)
    path = write_json(tmp_path, document)

    with pytest.raises(CommandError) as excinfo:
        run(command, path)

    assert str(excinfo.value).splitlines() == rejected_lines(path, message)
    assert row_counts() == existing_rows


@pytest.mark.parametrize("command", ["import_assessment", "score_assessment"])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            '{"format": }', "malformed JSON: Expecting value at line 1 column 12", id="no-value"
        ),
        pytest.param(
            '{"format": "diam-assessment/1",',
            "malformed JSON: Expecting property name enclosed in double quotes at line 1 column 32",
            id="truncated",
        ),
        pytest.param("[]", "document: expected a JSON object", id="not-an-object"),
    ],
)
def test_malformed_file_is_rejected_and_nothing_is_written(
    tmp_path: Path, existing_rows: dict[str, int], command: str, text: str, message: str
) -> None:
    path = tmp_path / "assessment.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        run(command, str(path))

    assert str(excinfo.value).splitlines() == rejected_lines(str(path), message)
    assert row_counts() == existing_rows


def test_bad_document_reports_every_error(tmp_path: Path, existing_rows: dict[str, int]) -> None:
    document = base_document()
    document["model"] = "emram"
    document["organization"] = {"name": "  ", "country": "de", "kind": "clinic"}
    document["service_areas"].append({"code": "mri", "annual_volume": 1})
    document["service_areas"].append({"code": "pathology", "annual_volume": 1.5})
    document["answers"] = [
        {"criterion": "9.9", "status": "met"},
        {"criterion": "2.2", "status": "na"},
        {"criterion": "1.1", "service_area": "radiology", "status": "met", "comment": 7},
        {"criterion": "1.1", "service_area": "radiology", "status": "met"},
        {"criterion": "1.1", "service_area": "radiology", "status": "partial"},
    ]
    path = write_json(tmp_path, document)

    with pytest.raises(CommandError) as excinfo:
        run("import_assessment", path)

    assert str(excinfo.value).splitlines() == rejected_lines(
        path,
        'model: unknown catalog "emram" (expected "diam")',
        "organization.name: expected a non-empty string of at most 200 characters",
        'organization.country: unknown ISO 3166-1 alpha-2 code "de"',
        'organization.kind: unknown kind "clinic" (expected hospital, diagnostic-center, '
        "health-system)",
        'service_areas[2]: unknown service area "mri"',
        "service_areas[3]: annual_volume must be a whole number >= 0, got 1.5",
        'answers[0]: unknown criterion "9.9"',
        'answers[1]: status "na" is only allowed for criteria answered per service area',
        "answers[2]: comment must be a string of at most 10000 characters",
        'answers[4]: duplicate answer for criterion "1.1" in "radiology" (see answers[3])',
    )
    assert row_counts() == existing_rows


def test_import_assessment_does_not_change_the_catalog(tmp_path: Path) -> None:
    areas_before = list(ServiceArea.objects.values_list("pk", "code"))
    path = write_json(tmp_path, base_document())

    run("import_assessment", path)

    assert list(ServiceArea.objects.values_list("pk", "code")) == areas_before


# the real command line


def test_score_assessment_command_line_exits_1_on_bad_input(tmp_path: Path) -> None:
    # A subprocess cannot see the test database (it lives in the test's transaction), so it
    # gets its own SQLite file, migrated and loaded with the catalog first.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diam.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DIAM_VAR_DIR": str(tmp_path / "var"),
    }
    document = base_document()
    document["answers"].append({"criterion": "9.9", "status": "met"})
    path = write_json(tmp_path, document)

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    setup = [manage("migrate", "--no-input", "-v", "0"), manage("load_catalog")]
    result = manage("score_assessment", path)

    assert [step.returncode for step in setup] == [0, 0]
    assert result.returncode == 1
    assert result.stdout == ""
    # Only the last lines: apps may log on start-up (django-axes does).
    assert result.stderr.splitlines()[-2:] == [
        'CommandError: answers[3]: unknown criterion "9.9"',
        f"{path} was rejected; nothing was written.",
    ]
