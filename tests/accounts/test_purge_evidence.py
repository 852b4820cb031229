"""manage.py purge_evidence: evidence files removed N years after their assessment's validation,
a dry run unless --apply, recorded in the timeline."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.files.storage import Storage
from django.core.management import call_command
from freezegun import freeze_time
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from assessments.audit import assessment_timeline
from assessments.enums import AnswerStatus, AssessmentStatus
from assessments.evidence.services import retention_cutoff
from assessments.models import Evidence
from tests.assessments.evidence_factories import evidence_with_file
from tests.backing_services import stored_names
from tests.factories import AnswerFactory, OrganizationFactory, assessment_with_areas

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(media_storage: Storage) -> Storage:
    """The test's own storage (a temporary folder, or a folder of the test stack's bucket)."""
    return media_storage


def stored_files(storage: Storage) -> list[str]:
    return stored_names(storage)


def evidence_of(validated_at: datetime | None, name: str) -> Evidence:
    assessment = assessment_with_areas(
        ["radiology"],
        organization=OrganizationFactory(name=f"Hospital {name}"),
        title=f"DIAM {name}",
        status=AssessmentStatus.VALIDATED if validated_at else AssessmentStatus.DRAFT,
        validated_at=validated_at,
    )
    answer = AnswerFactory(assessment=assessment, status=AnswerStatus.MET)
    return evidence_with_file(answer, name=f"{name}.pdf")


@pytest.fixture
def files(catalog, media_root: Storage) -> dict[str, Evidence]:  # type: ignore[no-untyped-def]
    return {
        "old": evidence_of(NOW - timedelta(days=6 * 365), "old"),
        "recent": evidence_of(NOW - timedelta(days=2 * 365), "recent"),
        "draft": evidence_of(None, "draft"),
    }


def purge(*args: str) -> str:
    out = StringIO()
    with freeze_time(NOW):
        call_command("purge_evidence", *args, stdout=out)
    return out.getvalue()


def test_retention_cutoff_on_29_february() -> None:
    assert retention_cutoff(now=datetime(2028, 2, 29, tzinfo=UTC), years=1) == datetime(
        2027, 2, 28, tzinfo=UTC
    )


def test_purge_with_retention_off_does_nothing(
    settings: Settings, files: dict[str, Evidence]
) -> None:
    settings.DIAM_EVIDENCE_RETENTION_YEARS = 0

    output = purge("--apply")

    assert output == (
        "Evidence retention is off (DIAM_EVIDENCE_RETENTION_YEARS is 0): nothing to do.\n"
    )
    assert Evidence.objects.count() == 3


def test_purge_dry_run_lists_and_changes_nothing(
    settings: Settings, files: dict[str, Evidence], media_root: Storage
) -> None:
    settings.DIAM_EVIDENCE_RETENTION_YEARS = 5
    before = stored_files(media_root)

    output = purge()

    old = files["old"]
    assert output.splitlines() == [
        f"Hospital old\tDIAM old\t{old.answer.assessment.validated_at:%Y-%m-%d}\told.pdf\t"
        f"{old.size} bytes",
        f"1 evidence file validated 5 or more years ago, {old.size} bytes in total. "
        "Dry run, nothing removed: --apply removes them.",
    ]
    assert Evidence.objects.count() == 3
    assert stored_files(media_root) == before


def test_purge_apply_removes_old_files_and_rows_and_keeps_newer(
    settings: Settings,
    files: dict[str, Evidence],
    media_root: Storage,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.DIAM_EVIDENCE_RETENTION_YEARS = 5
    kept = sorted(files[k].file.name for k in ("recent", "draft"))

    with django_capture_on_commit_callbacks(execute=True):
        purge("--apply")

    assert set(Evidence.objects.values_list("original_name", flat=True)) == {
        "recent.pdf",
        "draft.pdf",
    }
    assert stored_files(media_root) == kept


def test_purge_apply_is_recorded_in_the_timeline(
    settings: Settings, files: dict[str, Evidence]
) -> None:
    settings.DIAM_EVIDENCE_RETENTION_YEARS = 5
    assessment = files["old"].answer.assessment

    purge("--apply")

    label = files["old"].answer.criterion.code
    removals = [
        (entry.what, entry.who)
        for entry in assessment_timeline(assessment)
        if entry.kind == "evidence" and entry.action == "-"
    ]
    assert removals == [
        (f"Evidence “old.pdf” removed from answer {label} by the retention rule", "system")
    ]


def test_purge_years_option_overrides_setting(
    settings: Settings, files: dict[str, Evidence]
) -> None:
    settings.DIAM_EVIDENCE_RETENTION_YEARS = 0

    purge("--apply", "--years", "1")

    assert set(Evidence.objects.values_list("original_name", flat=True)) == {"draft.pdf"}
