"""Peer benchmarks: which results count, peer groups, the minimum group, the figures."""

from datetime import UTC, date, datetime

import pytest

from assessments.enums import AssessmentStatus, OrganizationKind, ResultKind
from benchmarks.enums import PeerGroup
from benchmarks.selectors import (
    Share,
    benchmark_for_organization,
    benchmark_min_peers,
    benchmark_result_for_organization,
    benchmark_result_list,
)
from tests.benchmarks.factories import TODAY, stored_result
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.usefixtures("catalog")


def counted_ids(include_self_assessed: bool = False) -> list[int]:
    return sorted(
        benchmark_result_list(today=TODAY, include_self_assessed=include_self_assessed).values_list(
            "pk", flat=True
        )
    )


def benchmark(organization: object, peer_group: str = PeerGroup.ALL, **kwargs: object) -> object:
    return benchmark_for_organization(
        organization=organization,  # type: ignore[arg-type]
        peer_group=peer_group,
        include_self_assessed=bool(kwargs.pop("include_self_assessed", False)),
        today=TODAY,
    )


def test_benchmark_result_list_counts_the_latest_validated_unexpired_result_per_organization() -> (
    None
):
    organization = OrganizationFactory()
    stored_result(organization, recorded_at=datetime(2025, 1, 1, tzinfo=UTC))
    latest = stored_result(organization, recorded_at=datetime(2026, 1, 1, tzinfo=UTC))
    stored_result(expires_at=date(2026, 3, 3))  # expired yesterday
    last_day = stored_result(expires_at=TODAY)
    stored_result(result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.SUBMITTED)

    assert counted_ids() == sorted([latest.pk, last_day.pk])


def test_benchmark_result_list_with_self_assessed_prefers_a_validation() -> None:
    organization = OrganizationFactory()
    validated = stored_result(organization, recorded_at=datetime(2025, 1, 1, tzinfo=UTC))
    stored_result(
        organization, result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.SUBMITTED
    )
    in_review = stored_result(
        result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.IN_REVIEW
    )
    stored_result(result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.DRAFT)

    assert counted_ids(include_self_assessed=True) == sorted([validated.pk, in_review.pk])


def test_benchmark_for_organization_with_4_peers_shows_no_figures() -> None:
    own = stored_result(stage=4)
    for _ in range(4):
        stored_result(stage=3)

    result = benchmark(own.assessment.organization)

    assert (result.peers, result.enough, result.stages, result.criteria) == (4, False, [], [])


def test_benchmark_for_organization_with_5_peers_shows_the_stages_without_its_own() -> None:
    own = stored_result(stage=4)
    for stage in (3, 3, 4, 6, 6):
        stored_result(stage=stage)

    result = benchmark(own.assessment.organization)

    assert (result.peers, result.validated, result.self_assessed, result.enough) == (5, 5, 0, True)
    assert [(s.stage, s.count, s.percent, s.is_own) for s in result.stages] == [
        (0, 0, 0, False),
        (1, 0, 0, False),
        (2, 0, 0, False),
        (3, 2, 40, False),
        (4, 1, 20, True),
        (5, 0, 0, False),
        (6, 2, 40, False),
        (7, 0, 0, False),
    ]


def test_benchmark_min_peers_is_never_below_5(settings: object) -> None:
    settings.DIAM_BENCHMARK_MIN_PEERS = 3  # type: ignore[attr-defined]
    own = stored_result()
    for _ in range(4):
        stored_result()

    assert (benchmark_min_peers(), benchmark(own.assessment.organization).enough) == (5, False)


def test_benchmark_min_peers_setting_raises_the_minimum(settings: object) -> None:
    settings.DIAM_BENCHMARK_MIN_PEERS = 6  # type: ignore[attr-defined]
    own = stored_result()
    for _ in range(5):
        stored_result()

    assert (benchmark_min_peers(), benchmark(own.assessment.organization).enough) == (6, False)


def test_benchmark_for_organization_counts_self_assessed_peers_apart() -> None:
    own = stored_result()
    for _ in range(3):
        stored_result()
    for _ in range(2):
        stored_result(result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.SUBMITTED)

    without = benchmark(own.assessment.organization)
    with_self = benchmark(own.assessment.organization, include_self_assessed=True)

    assert (without.peers, without.enough) == (3, False)
    assert (with_self.peers, with_self.validated, with_self.self_assessed) == (5, 3, 2)


def test_benchmark_shares_of_criteria_and_groups_beside_its_own_result() -> None:
    own = stored_result(criteria={"2.2": True, "3.1": False}, groups={"A": False, "B": True})
    for index in range(5):
        stored_result(
            criteria={"2.2": index < 2, "3.1": index < 4},
            groups={"A": index < 1, "B": False},
        )

    result = benchmark(own.assessment.organization)

    assert result.criteria[:2] == [
        Share("2.2", "External images can be imported", 2, 5, True),
        Share("3.1", result.criteria[1].title, 4, 5, False),
    ]
    assert [(g.code, g.met, g.counted, g.percent, g.own_met) for g in result.groups] == [
        ("A", 1, 5, 20, False),
        ("B", 0, 5, 0, True),
    ]


def test_benchmark_areas_compare_the_same_area_of_peers_without_not_applicable() -> None:
    own = stored_result(areas={("1.1", "radiology"): "met", ("B.4", "radiology"): "not_met"})
    statuses = ["met", "met", "not_met", "na", "partial", "met"]
    for status in statuses:
        stored_result(
            areas={
                ("1.1", "radiology"): status,
                ("B.4", "radiology"): "met",
                ("1.1", "pathology"): "met",
            }
        )

    result = benchmark(own.assessment.organization)

    assert [(a.code, a.peers, a.enough) for a in result.areas] == [("radiology", 6, True)]
    assert [(s.code, s.met, s.counted, s.enough, s.own_met) for s in result.areas[0].rows] == [
        ("1.1", 3, 5, True, True),
        ("B.4", 6, 6, True, False),
    ]


def test_benchmark_areas_with_fewer_than_5_peers_show_no_figures() -> None:
    own = stored_result(areas={("1.1", "dentistry"): "met", ("1.1", "radiology"): "met"})
    for index in range(5):
        areas = {("1.1", "radiology"): "met"}
        if index < 4:
            areas[("1.1", "dentistry")] = "met"
        stored_result(areas=areas)

    result = benchmark(own.assessment.organization)

    assert [(a.code, a.peers, a.enough) for a in result.areas] == [
        ("radiology", 5, True),
        ("dentistry", 4, False),
    ]


@pytest.mark.parametrize(
    ("peer_group", "expected"),
    [
        (PeerGroup.ALL, 9),
        (PeerGroup.COUNTRY, 5),  # DE
        (PeerGroup.REGION, 7),  # Europe: DE and FR
        (PeerGroup.KIND, 6),  # hospitals
        (PeerGroup.SIZE, 5),  # 50,000 to 200,000 images a year
    ],
)
def test_benchmark_peer_groups(peer_group: str, expected: int) -> None:
    own = stored_result(country="DE", kind=OrganizationKind.HOSPITAL, annual_volume=60_000)
    for volume in (50_000, 60_000, 199_999, 200_000):
        stored_result(country="DE", kind=OrganizationKind.HOSPITAL, annual_volume=volume)
    stored_result(country="DE", kind=OrganizationKind.HEALTH_SYSTEM, annual_volume=49_999)
    for _ in range(2):
        stored_result(country="FR", kind=OrganizationKind.DIAGNOSTIC_CENTER, annual_volume=150_000)
    stored_result(country="JP", kind=OrganizationKind.HOSPITAL, annual_volume=10_000)
    stored_result(country="US", kind=OrganizationKind.HOSPITAL, annual_volume=5_000_000)

    result = benchmark(own.assessment.organization, peer_group)

    assert (result.peers, result.unavailable) == (expected, "")


def test_benchmark_size_without_a_result_of_its_own_is_unavailable() -> None:
    organization = OrganizationFactory()
    for _ in range(5):
        stored_result()

    result = benchmark(organization, PeerGroup.SIZE)

    assert (result.own, result.unavailable, result.enough) == (None, "size", False)


def test_benchmark_region_of_a_country_without_region_is_unavailable() -> None:
    organization = OrganizationFactory(country="AQ")

    assert benchmark(organization, PeerGroup.REGION).unavailable == "region"


@pytest.mark.parametrize("include_self_assessed", [False, True])
def test_benchmark_result_for_organization_is_its_result_in_the_list(
    include_self_assessed: bool,
) -> None:
    organization = OrganizationFactory()
    stored_result(organization, recorded_at=datetime(2025, 1, 1, tzinfo=UTC))
    stored_result(organization, recorded_at=datetime(2026, 1, 1, tzinfo=UTC))
    stored_result(organization, expires_at=date(2026, 3, 3))  # newer, expired
    stored_result(
        organization, result_kind=ResultKind.SELF_ASSESSED, status=AssessmentStatus.SUBMITTED
    )
    stored_result()  # another organization

    own = benchmark_result_for_organization(
        organization=organization, today=TODAY, include_self_assessed=include_self_assessed
    )

    listed = benchmark_result_list(today=TODAY, include_self_assessed=include_self_assessed)
    assert own == listed.get(assessment__organization=organization)
    assert own is not None and own.recorded_at == datetime(2026, 1, 1, tzinfo=UTC)
