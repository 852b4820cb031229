from django.db.models import Count

from assessments.models import Answer, Assessment, Organization, Verdict
from criteria.models import CatalogVersion
from performance.data import population_assessments, population_build


def test_population_build_makes_assessments_across_organizations(
    catalog: CatalogVersion,
) -> None:
    population_build(assessments=12)

    areas = sorted(Assessment.objects.annotate(n=Count("areas")).values_list("n", flat=True))
    assert (population_assessments(), Organization.objects.count()) == (12, 6)
    assert (areas[0], areas[-1]) == (1, 15)
    assert set(Assessment.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "in_review",
        "validated",
    }
    validated_answers = Answer.objects.filter(assessment__status="validated").count()
    assert Verdict.objects.count() == validated_answers


def test_population_build_adds_up_to_the_size_asked(catalog: CatalogVersion) -> None:
    population_build(assessments=5)

    population_build(assessments=8)

    assert population_assessments() == 8
