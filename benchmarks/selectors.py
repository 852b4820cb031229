"""Peer benchmarks: aggregates of the stored results (assessments.AssessmentResult), read-only.

Every figure is a SQL aggregate over stored results, never a new scoring, in a fixed number of
queries whatever the number of organizations. Each organization counts once, with its latest
validated, unexpired result; on request, an organization without one counts with its latest
self-assessed result of an assessment submitted for review. The organization itself is never
counted among its peers, and a group of fewer than `min_peers` organizations shows no figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, Min, OuterRef, Q, QuerySet, Subquery, Value, When

from assessments.enums import AssessmentStatus, ResultKind
from assessments.models import (
    AreaCriterionResult,
    AssessmentResult,
    CriterionResult,
    GroupResult,
    Organization,
)
from benchmarks.enums import PeerGroup
from benchmarks.peers import Region, SizeBand, min_peers, region_of, size_band_of

STAGES = range(8)
# A self-assessed result counts (on request) while its assessment waits for, or is in, review.
PENDING_STATUSES = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.CHANGES_REQUESTED,
)


def benchmark_min_peers() -> int:
    """DIAM_BENCHMARK_MIN_PEERS, never below the floor of benchmarks.peers."""
    return min_peers(getattr(settings, "DIAM_BENCHMARK_MIN_PEERS", None))


def benchmark_result_list(
    *, today: date, include_self_assessed: bool
) -> QuerySet[AssessmentResult]:
    """One result per organization (see the module's docstring), as one query with a
    correlated subquery."""
    eligible = Q(
        kind=ResultKind.VALIDATED,
        assessment__status=AssessmentStatus.VALIDATED,
        assessment__expires_at__gte=today,
    )
    if include_self_assessed:
        eligible |= Q(kind=ResultKind.SELF_ASSESSED, assessment__status__in=PENDING_STATUSES)
    candidates = AssessmentResult.objects.filter(eligible)
    best = (
        candidates.filter(assessment__organization=OuterRef("assessment__organization"))
        .order_by(
            Case(When(kind=ResultKind.VALIDATED, then=Value(0)), default=Value(1)),
            "-recorded_at",
            "-pk",
        )
        .values("pk")[:1]
    )
    return candidates.filter(pk=Subquery(best))


@dataclass(frozen=True)
class StageCount:
    stage: int
    count: int
    percent: int
    is_own: bool


@dataclass(frozen=True)
class Share:
    """Peers meeting something (a criterion, a group), beside the organization's own result."""

    code: str
    title: str
    met: int
    counted: int
    own_met: bool | None  # None: the organization has no result, or not this row

    @property
    def enough(self) -> bool:
        return self.counted >= benchmark_min_peers()

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.counted) if self.counted else 0


@dataclass(frozen=True)
class AreaBenchmark:
    code: str
    name: str
    peers: int  # peer organizations with this area active
    enough: bool
    rows: list[Share]


@dataclass
class Benchmark:
    peer_group: str
    min_peers: int
    own: AssessmentResult | None
    region: Region | None
    size_band: SizeBand | None
    # Why the peer group cannot be formed (no region for the country, no result for the size).
    unavailable: str = ""
    peers: int = 0
    validated: int = 0
    self_assessed: int = 0
    stages: list[StageCount] = field(default_factory=list)
    criteria: list[Share] = field(default_factory=list)
    groups: list[Share] = field(default_factory=list)
    areas: list[AreaBenchmark] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return not self.unavailable and self.peers >= self.min_peers


def _peer_filter(
    peer_group: str,
    organization: Organization,
    region: Region | None,
    size_band: SizeBand | None,
) -> Q | None:
    """The filter of the peer group on results, or None when it cannot be formed."""
    if peer_group == PeerGroup.COUNTRY:
        return Q(assessment__organization__country=organization.country)
    if peer_group == PeerGroup.REGION:
        if region is None:
            return None
        return Q(assessment__organization__country__in=sorted(region.countries))
    if peer_group == PeerGroup.KIND:
        return Q(assessment__organization__kind=organization.kind)
    if peer_group == PeerGroup.SIZE:
        if size_band is None:
            return None
        band = Q(annual_volume__gte=size_band.low)
        if size_band.high is not None:
            band &= Q(annual_volume__lt=size_band.high)
        return band
    return Q()


def benchmark_for_organization(
    *,
    organization: Organization,
    peer_group: str,
    include_self_assessed: bool,
    today: date,
) -> Benchmark:
    """The organization's benchmark against a peer group, in at most five queries."""
    counted = benchmark_result_list(today=today, include_self_assessed=include_self_assessed)
    own = counted.filter(assessment__organization=organization).first()
    benchmark = Benchmark(
        peer_group=peer_group,
        min_peers=benchmark_min_peers(),
        own=own,
        region=region_of(str(organization.country)),
        size_band=size_band_of(own.annual_volume) if own is not None else None,
    )
    peer_filter = _peer_filter(peer_group, organization, benchmark.region, benchmark.size_band)
    if peer_filter is None:
        benchmark.unavailable = (
            PeerGroup.REGION if peer_group == PeerGroup.REGION else PeerGroup.SIZE
        )
        return benchmark
    peers = counted.filter(peer_filter).exclude(assessment__organization=organization)

    by_stage: dict[int, int] = dict.fromkeys(STAGES, 0)
    for stage, kind, count in peers.values_list("stage", "kind").annotate(n=Count("pk")):
        by_stage[stage] += count
        if kind == ResultKind.VALIDATED:
            benchmark.validated += count
        else:
            benchmark.self_assessed += count
    benchmark.peers = benchmark.validated + benchmark.self_assessed
    if not benchmark.enough:
        return benchmark
    benchmark.stages = [
        StageCount(
            stage=stage,
            count=count,
            percent=round(100 * count / benchmark.peers),
            is_own=own is not None and own.stage == stage,
        )
        for stage, count in by_stage.items()
    ]
    # The peers' results and the organization's own one as one subquery: an OR of the own
    # result beside the IN made SQLite evaluate the peer selection twice. An empty filter (all
    # organizations) would vanish from the OR: it keeps every counted result.
    own_or_peers = peer_filter | Q(assessment__organization=organization) if peer_filter else Q()
    rows = counted.filter(own_or_peers).values("pk")
    benchmark.criteria = _criterion_shares(rows, own)
    benchmark.groups = _group_shares(rows, own)
    benchmark.areas = _area_benchmarks(rows, own, benchmark.min_peers)
    return benchmark


def _rows_of(counted_ids: QuerySet[AssessmentResult]) -> Q:
    """Rows of the peers' results and of the organization's own one; `_split` tells them apart."""
    return Q(result__in=counted_ids)


def _split(own: AssessmentResult | None, applicable: Q | None = None) -> dict[str, Count]:
    """Counts of peers meeting / counted (applicable rows only), and whether the own result met."""
    applicable = applicable or Q()
    own_id = own.pk if own is not None else None
    peer = ~Q(result=own_id) if own_id is not None else Q()
    return {
        "peers_met": Count("pk", filter=peer & applicable & Q(met=True)),
        "peers_counted": Count("pk", filter=peer & applicable),
        "own_met": Count("pk", filter=Q(result=own_id, met=True)),
        "own_rows": Count("pk", filter=Q(result=own_id)),
    }


def _own_met(row: dict[str, int]) -> bool | None:
    return bool(row["own_met"]) if row["own_rows"] else None


def _criterion_shares(
    peer_ids: QuerySet[AssessmentResult], own: AssessmentResult | None
) -> list[Share]:
    rows = (
        CriterionResult.objects.filter(_rows_of(peer_ids))
        .values("criterion__code")
        .annotate(title=Min("criterion__title"), order=Min("criterion__order"), **_split(own))
        .order_by("order", "criterion__code")
    )
    return [
        Share(
            row["criterion__code"],
            row["title"],
            row["peers_met"],
            row["peers_counted"],
            _own_met(row),
        )
        for row in rows
    ]


def _group_shares(
    peer_ids: QuerySet[AssessmentResult], own: AssessmentResult | None
) -> list[Share]:
    rows = (
        GroupResult.objects.filter(_rows_of(peer_ids))
        .values("group__code")
        .annotate(name=Min("group__name"), order=Min("group__order"), **_split(own))
        .order_by("order", "group__code")
    )
    return [
        Share(
            row["group__code"], row["name"], row["peers_met"], row["peers_counted"], _own_met(row)
        )
        for row in rows
    ]


def _area_benchmarks(
    peer_ids: QuerySet[AssessmentResult], own: AssessmentResult | None, minimum: int
) -> list[AreaBenchmark]:
    """Per service area active in the organization's own result: the share of the peers with
    the same area active meeting each area criterion there (areas answered "not applicable"
    leave the count). Each area, and each figure, needs `minimum` peers."""
    if own is None:
        return []
    split = _split(own, applicable=~Q(status="na"))
    rows = (
        AreaCriterionResult.objects.filter(_rows_of(peer_ids))
        .values("service_area__code", "criterion__code")
        .annotate(
            area_name=Min("service_area__name"),
            area_order=Min("service_area__order"),
            title=Min("criterion__title"),
            order=Min("criterion__order"),
            peers=Count("pk", filter=~Q(result=own.pk)),
            **split,
        )
        .order_by("area_order", "service_area__code", "order", "criterion__code")
    )
    areas: dict[str, AreaBenchmark] = {}
    for row in rows:
        own_met = _own_met(row)
        if own_met is None:
            continue  # an area the organization does not have
        code = row["service_area__code"]
        if code not in areas:
            areas[code] = AreaBenchmark(
                code=code,
                name=row["area_name"],
                peers=row["peers"],
                enough=row["peers"] >= minimum,
                rows=[],
            )
        areas[code].rows.append(
            Share(
                row["criterion__code"],
                row["title"],
                row["peers_met"],
                row["peers_counted"],
                own_met,
            )
        )
    return list(areas.values())


@dataclass(frozen=True)
class PeerPosition:
    """Where an organization's counted (validated, in force) stage stands among its peers:
    those of its country when there are enough, else all organizations."""

    stage: int
    peers: int
    below: int  # peers at a lower stage
    country: str  # the peers' country's name; "" when compared with all organizations
    enough: bool

    @property
    def percent_above(self) -> int:
        return round(100 * self.below / self.peers) if self.peers else 0


def benchmark_position_map(
    *, organizations: Sequence[Organization], today: date
) -> dict[int, PeerPosition]:
    """The position of each given organization with a validated result in force, in two
    queries whatever the number of organizations (the home page's "at a glance")."""
    counted = benchmark_result_list(today=today, include_self_assessed=False)
    own = dict(
        counted.filter(assessment__organization__in=[o.pk for o in organizations]).values_list(
            "assessment__organization_id", "stage"
        )
    )
    if not own:
        return {}
    by_country: dict[str, list[int]] = {}
    for country, stage, count in (
        counted.order_by()
        .values_list("assessment__organization__country", "stage")
        .annotate(n=Count("pk"))
    ):
        by_country.setdefault(country, [0] * len(STAGES))[stage] += count
    overall = [sum(counts[stage] for counts in by_country.values()) for stage in STAGES]
    minimum = benchmark_min_peers()
    positions = {}
    for organization in organizations:
        stage = own.get(organization.pk)
        if stage is None:
            continue
        country = list(by_country.get(str(organization.country), [0] * len(STAGES)))
        country[stage] -= 1  # the organization is not its own peer
        scope, name = country, str(organization.country.name)
        if sum(scope) < minimum:
            scope, name = list(overall), ""
            scope[stage] -= 1
        positions[organization.pk] = PeerPosition(
            stage=stage,
            peers=sum(scope),
            below=sum(scope[:stage]),
            country=name,
            enough=sum(scope) >= minimum,
        )
    return positions
