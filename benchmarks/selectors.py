"""Peer benchmarks: aggregates of the stored results (assessments.AssessmentResult), read-only.

Every figure is a SQL aggregate over stored results, never a new scoring, in a fixed number of
queries whatever the number of organizations. Each organization counts once, with its latest
validated, unexpired result; on request, an organization without one counts with its latest
self-assessed result of an assessment submitted for review. The organization itself is never
counted among its peers, and a group of fewer than `min_peers` organizations shows no figures.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from assessments.enums import AnswerStatus, AssessmentStatus, ResultKind
from assessments.models import (
    AreaCriterionResult,
    AssessmentResult,
    CriterionResult,
    GroupResult,
    Organization,
)
from benchmarks.enums import PeerGroup
from benchmarks.peers import Region, SizeBand, min_peers, region_of, size_band_of
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea

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


def _eligible(*, today: date, include_self_assessed: bool) -> Q:
    eligible = Q(
        kind=ResultKind.VALIDATED,
        assessment__status=AssessmentStatus.VALIDATED,
        assessment__expires_at__gte=today,
    )
    if include_self_assessed:
        eligible |= Q(kind=ResultKind.SELF_ASSESSED, assessment__status__in=PENDING_STATUSES)
    return eligible


# An organization's results, the one that counts first: a validation before a self-assessment,
# then the latest.
BEST_FIRST = (
    Case(When(kind=ResultKind.VALIDATED, then=Value(0)), default=Value(1)).asc(),
    F("recorded_at").desc(),
    F("pk").desc(),
)


def benchmark_result_list(
    *, today: date, include_self_assessed: bool
) -> QuerySet[AssessmentResult]:
    """One result per organization (see the module's docstring): the first of its organization
    by a window function over the candidates. (A correlated subquery per candidate was as fast
    on SQLite, but PostgreSQL then expected one row out of thousands and chose plans that sort
    the aggregated rows on disk.)"""
    first = (
        AssessmentResult.objects.filter(
            _eligible(today=today, include_self_assessed=include_self_assessed)
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("assessment__organization_id"),
                order_by=list(BEST_FIRST),
            )
        )
        .filter(rank=1)
        .values("pk")
    )
    return AssessmentResult.objects.filter(pk__in=first)


def benchmark_result_for_organization(
    *, organization: Organization, today: date, include_self_assessed: bool
) -> AssessmentResult | None:
    """The organization's result among benchmark_result_list's, read from its own results only."""
    return (
        AssessmentResult.objects.filter(
            _eligible(today=today, include_self_assessed=include_self_assessed),
            assessment__organization=organization,
        )
        .order_by(*BEST_FIRST)
        .first()
    )


@dataclass(frozen=True)
class StageCount:
    stage: int
    count: int
    percent: int
    is_own: bool


@dataclass(frozen=True)
class Share:
    """Peers meeting something (a criterion, a group), beside the organization's own result.
    `title` is the English one; `entry`, the catalog's model, lets a page name it in its reader's
    language (catalog_i18n)."""

    code: str
    title: str
    met: int
    counted: int
    own_met: bool | None  # None: the organization has no result, or not this row
    entry: Criterion | Group | None = field(default=None, compare=False, repr=False)

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
    entry: ServiceArea | None = field(default=None, compare=False, repr=False)


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
    # The catalog versions the names come from, the latest last (its area names are shown).
    catalogs: list[CatalogVersion] = field(default_factory=list)

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
    """The organization's benchmark against a peer group, in at most seven queries: its own
    result, the stages, the criteria, groups and areas (each grouped by ids), their names."""
    counted = benchmark_result_list(today=today, include_self_assessed=include_self_assessed)
    own = benchmark_result_for_organization(
        organization=organization, today=today, include_self_assessed=include_self_assessed
    )
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
    own_id = own.pk if own is not None else None
    criteria = _tallies(CriterionResult.objects.filter(result__in=rows), ("criterion_id",), own_id)
    groups = _tallies(GroupResult.objects.filter(result__in=rows), ("group_id",), own_id)
    areas = _area_tallies(rows, own)
    catalog = _catalog_names(
        criteria={key[0] for key in criteria} | {key[1] for key in areas},
        groups={key[0] for key in groups},
        areas={key[0] for key in areas},
    )
    benchmark.criteria = _shares(criteria, catalog.criteria)
    benchmark.groups = _shares(groups, catalog.groups)
    benchmark.areas = _area_benchmarks(areas, catalog, benchmark.min_peers)
    benchmark.catalogs = sorted(catalog.versions.values(), key=lambda version: version.pk)
    return benchmark


@dataclass
class _Tally:
    """Rows of one criterion (or group, or area criterion) among the counted results: all of
    them and the organization's own, those met and those counted (not "not applicable") among
    the peers', whether the own one met."""

    rows: int = 0
    own_rows: int = 0
    met: int = 0
    counted: int = 0
    own_met: int = 0

    def add(self, *, rows: int, own: int, met: bool, counted: bool = True) -> None:
        self.rows += rows
        self.own_rows += own
        if counted:
            self.counted += rows - own
            if met:
                self.met += rows - own
                self.own_met += own

    def merge(self, other: "_Tally") -> None:
        self.rows += other.rows
        self.own_rows += other.own_rows
        self.met += other.met
        self.counted += other.counted
        self.own_met += other.own_met

    @property
    def peers(self) -> int:
        return self.rows - self.own_rows

    def share(self, name: "_Name") -> Share:
        own_met = bool(self.own_met) if self.own_rows else None
        entry = name.entry if isinstance(name.entry, Criterion | Group) else None
        return Share(name.code, name.title, self.met, self.counted, own_met, entry)


Tallies = dict[tuple[int, ...], _Tally]


def _tallies(rows: QuerySet[Any], keys: tuple[str, ...], own_id: int | None) -> Tallies:
    """Tallies of result rows by the `keys` columns (ids: no join with the catalog), in one
    query grouped by the keys, the status (area rows) and `met`: each group's rows and how many
    are the own result's. Counting the rows of each group, with no expression to evaluate per
    row, keeps it fast over hundreds of thousands of rows; the shares follow in Python."""
    status = ("status",) if "service_area_id" in keys else ()
    grouped = (
        rows.values_list(*keys, *status, "met")
        .annotate(n=Count("*"), own=Count("result_id", filter=Q(result_id=own_id)))
        .order_by()
    )
    tallies: Tallies = defaultdict(_Tally)
    for row in grouped:
        key, (*values, met, count, own) = row[: len(keys)], row[len(keys) :]
        counted = not values or values[0] != AnswerStatus.NA
        tallies[key].add(rows=count, own=own, met=met, counted=counted)
    return tallies


def _area_tallies(counted_ids: QuerySet[AssessmentResult], own: AssessmentResult | None) -> Tallies:
    """Tallies by (area, criterion). Areas the own result lacks are dropped afterwards: a filter
    on them made SQLite read the rows by area instead of by counted result."""
    if own is None:
        return {}
    return _tallies(
        AreaCriterionResult.objects.filter(result__in=counted_ids),
        ("service_area_id", "criterion_id"),
        own.pk,
    )


@dataclass(frozen=True)
class _Name:
    code: str
    title: str
    order: tuple[int, str]
    entry: Criterion | Group | ServiceArea


@dataclass(frozen=True)
class _Catalog:
    criteria: dict[int, _Name]
    groups: dict[int, _Name]
    areas: dict[int, _Name]
    versions: dict[int, CatalogVersion]


def _catalog_names(*, criteria: set[int], groups: set[int], areas: set[int]) -> _Catalog:
    """Codes, titles and order of what was tallied (the aggregates group by ids, without
    joining the catalog's tables), in two small queries: the criteria with their groups and
    catalog versions, and the service areas."""
    catalog = _Catalog(criteria={}, groups={}, areas={}, versions={})
    if not criteria and not groups:
        return catalog
    for criterion in Criterion.objects.filter(
        Q(pk__in=criteria) | Q(group__in=groups)
    ).select_related("group", "catalog"):
        catalog.criteria[criterion.pk] = _Name(
            criterion.code, criterion.title, (criterion.order, criterion.code), criterion
        )
        catalog.versions[criterion.catalog_id] = criterion.catalog
        if criterion.group is not None:
            group = criterion.group
            catalog.groups[group.pk] = _Name(
                group.code, group.name, (group.order, group.code), group
            )
    if areas:
        for area in ServiceArea.objects.filter(pk__in=areas):
            catalog.areas[area.pk] = _Name(area.code, area.name, (area.order, area.code), area)
    return catalog


def _shares(tallies: Tallies, names: dict[int, _Name]) -> list[Share]:
    """One share per code (rows of several catalog versions add up), in the catalog's order."""
    by_code: dict[str, tuple[_Name, _Tally]] = {}
    for (key_id,), tally in tallies.items():
        name = names[key_id]
        if name.code in by_code:
            by_code[name.code][1].merge(tally)
        else:
            by_code[name.code] = (name, tally)
    ordered = sorted(by_code.values(), key=lambda item: item[0].order)
    return [tally.share(name) for name, tally in ordered]


def _area_benchmarks(tallies: Tallies, catalog: _Catalog, minimum: int) -> list[AreaBenchmark]:
    """Per service area active in the organization's own result: the share of the peers with
    the same area active meeting each area criterion there (areas answered "not applicable"
    leave the count). Each area, and each figure, needs `minimum` peers."""
    by_area: dict[str, AreaBenchmark] = {}
    ordered = sorted(
        tallies.items(),
        key=lambda item: (catalog.areas[item[0][0]].order, catalog.criteria[item[0][1]].order),
    )
    for (area_id, criterion_id), tally in ordered:
        if not tally.own_rows:
            continue  # an area criterion without a row in the own result
        area = catalog.areas[area_id]
        if area.code not in by_area:
            by_area[area.code] = AreaBenchmark(
                code=area.code,
                name=area.title,
                peers=tally.peers,
                enough=tally.peers >= minimum,
                rows=[],
                entry=area.entry if isinstance(area.entry, ServiceArea) else None,
            )
        by_area[area.code].rows.append(tally.share(catalog.criteria[criterion_id]))
    return list(by_area.values())


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
