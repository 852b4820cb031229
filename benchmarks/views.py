"""The peer benchmarks page of an organization: aggregates only, read-only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from assessments.access import benchmark_organization
from benchmarks.chart import stage_chart_build
from benchmarks.forms import BenchmarkForm
from benchmarks.selectors import benchmark_for_organization


@login_required
def benchmarks(request: HttpRequest, slug: str) -> HttpResponse:
    organization = benchmark_organization(request.user, slug)
    form = BenchmarkForm(request.GET or None)
    peer_group, include_self_assessed = form.choices()
    benchmark = benchmark_for_organization(
        organization=organization,
        peer_group=peer_group,
        include_self_assessed=include_self_assessed,
        today=timezone.localdate(),
    )
    chart = (
        stage_chart_build(stages=benchmark.stages, peers=benchmark.peers)
        if benchmark.enough
        else None
    )
    return render(
        request,
        "benchmarks/benchmarks.html",
        {
            "organization": organization,
            "form": form,
            "benchmark": benchmark,
            "chart": chart,
            "include_self_assessed": include_self_assessed,
        },
    )
