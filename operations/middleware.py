"""/healthz and /readyz for load balancers and orchestrators.

Answered first in the middleware chain: no session, no CSRF, no log-in, no host check, no HTTPS
redirect (a load balancer probes over plain HTTP by the machine's address), and nothing written
to the database by the request itself."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from operations.checks import READINESS_CHECKS, run_checks

PATHS = ("/healthz", "/readyz")


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"error": "GET or HEAD only"}, status=405)
        response = JsonResponse({"status": "ok"}) if path == "/healthz" else readiness()
        response["Cache-Control"] = "no-store"
        return response


def readiness() -> JsonResponse:
    results = run_checks(READINESS_CHECKS)
    ready = all(result.ok for result in results)
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
    return JsonResponse(body, status=200 if ready else 503)
