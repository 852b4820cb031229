"""/healthz and /readyz for load balancers and orchestrators, /metrics for Prometheus.

Answered first in the middleware chain: no session, no CSRF, no log-in, no host check, no HTTPS
redirect (a load balancer probes over plain HTTP by the machine's address), and nothing written
to the database by the request itself."""

import hmac
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from operations import unavailability
from operations.checks import READINESS_CHECKS, run_checks
from operations.metrics import DiamCollector

PATHS = ("/healthz", "/readyz", "/metrics")


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"error": "GET or HEAD only"}, status=405)
        if path == "/metrics":
            response = metrics(request)
        else:
            response = JsonResponse({"status": "ok"}) if path == "/healthz" else readiness()
        response["Cache-Control"] = "no-store"
        return response


def readiness() -> JsonResponse:
    results = run_checks(READINESS_CHECKS)
    ready = all(result.ok for result in results)
    unavailability.unavailability_log.record(results, now=time.monotonic())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {
            result.name: {
                "ok": result.ok,
                "detail": result.detail,
                "ms": round(result.milliseconds, 1),
            }
            for result in results
        },
    }
    response = JsonResponse(body, status=200 if ready else 503)
    # Logged above, without a flood: not Django's ERROR line for every 5xx (django.request).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for a scraper that sends the header
    `Authorization: Bearer <DIAM_METRICS_TOKEN>`; without the setting there is no endpoint (404)."""
    token = settings.DIAM_METRICS_TOKEN
    if not token:
        return JsonResponse({"error": "not found"}, status=404)
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(sent.encode(), token.encode()):
        response = JsonResponse({"error": "a valid bearer token is required"}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn's workers each count their own requests: add up their files.
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
        text = generate_latest(processes)
    else:
        text = generate_latest(REGISTRY)
    ours = CollectorRegistry()
    ours.register(DiamCollector())
    return HttpResponse(text + generate_latest(ours), content_type=CONTENT_TYPE_LATEST)
