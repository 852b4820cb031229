"""The peer benchmarks page and the programme dashboard at each size, over the VALIDATED
population of performance.data (every assessment validated, in force, the latest of its
organization: the issue's "10,000 validated assessments"): medians through the test client and
query counts, which must not grow with the number of assessments (benchmarks.selectors and
benchmarks.programme read stored results with SQL aggregates, a fixed number of queries)."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.enums import Role
from assessments.models import Assessment, Membership, Organization
from benchmarks.enums import PeerGroup
from benchmarks.selectors import benchmark_for_organization, benchmark_result_list
from performance.data import VALIDATED, population_build
from performance.measure import Figure, at_most, median_seconds
from performance.pages import bench_stack, bench_superuser, count_queries, ok_response

LARGE = 10_000
BENCHMARKS_MS = 200
PROGRAMME_MS = 300
# The benchmarks page's peer groups measured: the default one and the same country.
PEER_GROUPS = (PeerGroup.ALL, PeerGroup.COUNTRY)
SAME = "the same whatever the number of assessments"


@dataclass
class QueryCounts:
    """Query counts of each page at each size; for the benchmarks page, whether the peer group
    had enough members to show figures (with too few the page stops early, with fewer queries)."""

    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    shown: dict[str, dict[int, bool]] = field(default_factory=dict)

    def add(self, page: str, size: int, queries: int, shown: bool = True) -> None:
        self.counts.setdefault(page, {})[size] = queries
        self.shown.setdefault(page, {})[size] = shown


def benchmark_probe() -> Organization:
    """An organization of the population with a validated result in force, in the country
    with the most such organizations (the largest peer group of the same country)."""
    counted = benchmark_result_list(today=timezone.localdate(), include_self_assessed=False).filter(
        assessment__organization__slug__startswith=VALIDATED.prefix
    )
    country = (
        counted.order_by()
        .values_list("assessment__organization__country")
        .annotate(n=Count("pk"))
        .order_by("-n", "assessment__organization__country")
        .values_list("assessment__organization__country", flat=True)
        .first()
    )
    if country is None:
        raise RuntimeError("no validated assessment in the population: nothing to compare")
    organization_id = (
        counted.filter(assessment__organization__country=country)
        .order_by("assessment__organization_id")
        .values_list("assessment__organization_id", flat=True)
        .first()
    )
    return Organization.objects.get(pk=organization_id)


def _label(peer_group: str) -> str:
    return "all organizations" if peer_group == PeerGroup.ALL else "same country"


def benchmark_page_figures(size: int, queries: QueryCounts) -> Iterator[Figure]:
    """At the population's current size: the benchmarks page of one organization as its lead
    (each peer group of PEER_GROUPS), the programme dashboard as an admin."""
    label = f"{size:,} assessments"
    validated = Assessment.objects.filter(
        organization__slug__startswith=VALIDATED.prefix, status="validated"
    ).count()
    organization = benchmark_probe()
    lead = Membership.objects.get(organization=organization, role=Role.LEAD).user
    repeat = 5 if size >= LARGE else 9
    lead_client = Client()
    lead_client.force_login(lead)
    admin_client = Client()
    admin_client.force_login(bench_superuser())
    base = reverse("organization_benchmarks", args=[organization.slug])
    with bench_stack():
        for peer_group in PEER_GROUPS:
            url = f"{base}?peers={peer_group}"
            benchmark = benchmark_for_organization(
                organization=organization,
                peer_group=peer_group,
                include_self_assessed=False,
                today=timezone.localdate(),
            )
            ok_response(lead_client.get(url))  # warm-up: the session, the user, the catalog
            count, _page = count_queries(lambda: ok_response(lead_client.get(url)))  # noqa: B023
            median = median_seconds(lambda: lead_client.get(url), repeat=repeat)  # noqa: B023
            name = f"benchmarks page ({_label(peer_group)})"
            queries.add(name, size, count, benchmark.enough)
            peers = f"{benchmark.peers:,} peer{'' if benchmark.peers == 1 else 's'}" + (
                "" if benchmark.enough else ", too few: no figures"
            )
            yield at_most(
                f"[{label}, {validated:,} validated] {name}, {peers}: median",
                median * 1000,
                "ms",
                BENCHMARKS_MS,
            )
            yield Figure(f"[{label}] {name}: queries", count, "")
        url = reverse("programme")
        ok_response(admin_client.get(url))
        count, _page = count_queries(lambda: ok_response(admin_client.get(url)))
        median = median_seconds(lambda: admin_client.get(url), repeat=repeat)
    queries.add("programme dashboard", size, count)
    yield at_most(
        f"[{label}, {validated:,} validated] programme dashboard (admin): median",
        median * 1000,
        "ms",
        PROGRAMME_MS,
    )
    yield Figure(f"[{label}] programme dashboard: queries", count, "")


def benchmark_scale_figures(sizes: list[int]) -> Iterator[Figure]:
    """At each size, after growing the VALIDATED population to it: the two pages' figures;
    then their query counts side by side."""
    queries = QueryCounts()
    for size in sorted(sizes):
        built = population_build(assessments=size, population=VALIDATED)
        yield Figure(f"[{size:,} validated assessments] data built (bulk inserts) in", built, "s")
        yield from benchmark_page_figures(size, queries)
    yield from query_count_figures(queries)


def query_count_figures(queries: QueryCounts) -> Iterator[Figure]:
    """Each page's query counts side by side: "14 at 10 vs 14 at 1,000". Sizes where the peer
    group is too small to show figures are listed but not compared."""
    for page, counts in queries.counts.items():
        shown = queries.shown[page]
        sizes = sorted(counts)
        parts = [
            f"{counts[size]} at {size:,}" + ("" if shown[size] else " (too few peers)")
            for size in sizes
        ]
        compared = {counts[size] for size in sizes if shown[size]}
        comparable = sum(shown[size] for size in sizes)
        text = " vs ".join(parts)
        first, _sep, rest = text.partition(" ")
        yield Figure(
            f"{page}: queries",
            int(first),
            rest,
            SAME,
            len(compared) == 1 if comparable >= 2 else None,
        )
