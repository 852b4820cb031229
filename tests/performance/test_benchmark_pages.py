"""The benchmarks page and programme dashboard figures at tiny sizes, on the test database."""

from django.utils import timezone

from assessments.enums import ResultKind
from assessments.models import Assessment, AssessmentResult
from benchmarks.selectors import benchmark_result_list
from criteria.models import CatalogVersion
from performance.data import VALIDATED, population_build
from performance.scale import scale_figures


def test_benchmark_figures_print_medians_goals_and_query_counts(catalog: CatalogVersion) -> None:
    lines = [figure.line() for figure in scale_figures([40, 10], scale=False, benchmarks=True)]

    medians = [line for line in lines if ": median" in line]
    assert [line.split("] ")[1].split(",")[0].split(":")[0] for line in medians] == [
        "benchmarks page (all organizations)",
        "benchmarks page (same country)",
        "programme dashboard (admin)",
    ] * 2
    assert [line.split("(goal: ")[1].split(")")[0] for line in medians] == [
        "<= 200 ms",
        "<= 200 ms",
        "<= 300 ms",
    ] * 2
    assert medians[3].startswith(
        "[40 assessments, 40 validated] benchmarks page (all organizations), 13 peers: median"
    )
    assert lines[-3].startswith("benchmarks page (all organizations): queries")
    assert " at 10 (too few peers) vs " in lines[-3]
    assert lines[-1].startswith("programme dashboard: queries")
    assert lines[-1].endswith(" at 40   (goal: the same whatever the number of assessments)  ok")


def test_mixed_population_has_stored_results_in_force(catalog: CatalogVersion) -> None:
    population_build(assessments=10)

    validated = Assessment.objects.filter(status="validated")
    assert validated.filter(expires_at__gt=timezone.localdate()).count() == validated.count() == 3
    assert AssessmentResult.objects.filter(kind=ResultKind.VALIDATED).count() == 3
    assert AssessmentResult.objects.filter(kind=ResultKind.SELF_ASSESSED).count() == 6
    assert sorted(validated.values_list("validated_stage", flat=True)) == sorted(
        AssessmentResult.objects.filter(kind=ResultKind.VALIDATED).values_list("stage", flat=True)
    )


def test_validated_population_counts_the_latest_of_each_organization(
    catalog: CatalogVersion,
) -> None:
    population_build(assessments=12, population=VALIDATED)

    assessments = Assessment.objects.order_by("organization_id", "validated_at")
    assert set(assessments.values_list("status", flat=True)) == {"validated"}
    latest = {}
    for assessment in assessments:
        latest[assessment.organization_id] = assessment.pk  # the last one wins
    counted = benchmark_result_list(today=timezone.localdate(), include_self_assessed=False)
    assert sorted(counted.values_list("assessment_id", flat=True)) == sorted(latest.values())
    assert AssessmentResult.objects.filter(kind=ResultKind.VALIDATED).count() == 12
