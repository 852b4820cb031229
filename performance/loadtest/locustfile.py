"""Contributors answering the survey, for `make loadtest` (performance/loadtest/runner.py).

Each simulated contributor logs in with its own account, then, with 1 s of thought between
requests, opens the Stage 1 page and autosaves answers of its own slots (no two contributors
share a slot, so no save meets a conflict); now and then it loads the log-in page as a visitor
who is not logged in: the baseline, measured under the same load. Every save answered with
HTTP 200 and its new version is recorded and written at the end, with the figures per endpoint
(LOADTEST_REPORT), for the check that it is in the database and in the audit trail.

The figures of the section page, the autosave and the log-in page are those of the steady state:
from the moment the last contributor has logged in (and opened its page once) to the end. The
ramp-up before it, when the contributors arrive and log in (a password hash each, slow by design),
is reported apart: its log-in figures, how long it took and how many requests it held.

Runs inside locust (gevent): it imports nothing of Django. FastHttpUser (geventhttpclient)
rather than HttpUser (requests): locust shares the machine's cores with the server it measures,
and costs a few times less per request so.
"""

import itertools
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpSession, FastHttpUser

ACCOUNTS: list[dict[str, Any]] = json.loads(
    open(os.environ["LOADTEST_ACCOUNTS"], encoding="utf-8").read()  # noqa: SIM115
)
NEXT_ACCOUNT = itertools.count()
SAVES: list[dict[str, Any]] = []
STATUSES = ("met", "partial", "not_met")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEPS = (
    "section_page",
    "autosave",
    "login_page",
    "autosave",
    "autosave",
    "section_page",
    "autosave",
    "autosave",
)
SLOT = re.compile(r'data-slot="(s-[^"]+)"')
# The log-in of each contributor, once, during the ramp-up: reported for the whole run.
LOGIN_STEPS = ("log-in: form", "log-in")


class Samples:
    """Every request's name, start, response time and outcome, and when the steady state began
    (the last contributor ready)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, float, float, bool]] = []
        self.ready = 0
        self.steady_from: float | None = None
        self.started = time.time()

    def contributor_ready(self, users: int) -> None:
        self.ready += 1
        if self.ready >= users and self.steady_from is None:
            self.steady_from = time.time()


SAMPLES = Samples()


def _version(body: str, key: str) -> int | None:
    match = re.search(rf'name="{re.escape(key)}-version" value="(\d+)"', body)
    return int(match.group(1)) if match else None


class Contributor(FastHttpUser):
    wait_time = between(1, 1)  # 1 s of thought between two requests

    def on_start(self) -> None:
        account = ACCOUNTS[next(NEXT_ACCOUNT) % len(ACCOUNTS)]
        self.account = account
        self.section = f"/assessments/{account['assessment']}/sections/stage-1/"
        self.anonymous = FastHttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )
        page = self.client.get("/accounts/login/", name="log-in: form")
        self.client.post(
            "/accounts/login/",
            {
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": self._token(page.text),
            },
            name="log-in",
            allow_redirects=False,
        )
        page = self.client.get(self.section, name="section page")
        keys = list(dict.fromkeys(SLOT.findall(page.text)))
        share, of = account["share"], account["of"]
        self.slots = {
            key: {"status": "", "version": 0} for i, key in enumerate(keys) if i % of == share
        }
        self.turn = itertools.cycle(list(self.slots) or [""])
        self.csrf = self._token(page.text)
        self.steps = itertools.cycle(STEPS)
        SAMPLES.contributor_ready(self.environment.runner.target_user_count)

    def _token(self, body: str) -> str:
        match = CSRF.search(body)
        if match:
            return match.group(1)
        cookie = next((c for c in self.client.cookiejar if c.name == "csrftoken"), None)
        return (cookie.value or "") if cookie is not None else ""

    @task
    def next_step(self) -> None:
        """The same mix for everyone: page views, autosaves and, once in eight requests, the
        log-in page of a visitor who is not logged in."""
        getattr(self, next(self.steps))()

    def section_page(self) -> None:
        page = self.client.get(self.section, name="section page")
        self.csrf = self._token(page.text) or self.csrf

    def autosave(self) -> None:
        key = next(self.turn)
        if not key:
            return
        slot = self.slots[key]
        status = STATUSES[(STATUSES.index(slot["status"]) + 1) % 3] if slot["status"] else "met"
        data = {
            "slot": key,
            f"{key}-status": status,
            f"{key}-comment": f"Load test, {self.account['username']}",
            f"{key}-initial_status": slot["status"],
            f"{key}-initial_comment": "" if not slot["version"] else slot["comment"],
            f"{key}-version": str(slot["version"]),
            "csrfmiddlewaretoken": self.csrf,
        }
        with self.client.post(
            self.section + "autosave/",
            data,
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf},
            name="autosave",
            catch_response=True,
        ) as response:
            version = _version(response.text, key) if response.status_code == 200 else None
            if version is None or version != slot["version"] + 1:
                response.failure(f"not saved: HTTP {response.status_code}, version {version}")
                return
            slot.update(status=status, version=version, comment=data[f"{key}-comment"])
            SAVES.append(
                {
                    "assessment": self.account["assessment"],
                    "slot": key,
                    "version": version,
                    "status": status,
                    "user": self.account["username"],
                }
            )

    def login_page(self) -> None:
        self.anonymous.get("/accounts/login/", name="login page (baseline, not logged in)")


ENVIRONMENT: list[Any] = []


@events.init.add_listener
def _keep_environment(environment: Any, **_kwargs: Any) -> None:
    ENVIRONMENT.append(environment)


@events.request.add_listener
def _record(
    name: str, start_time: float, response_time: float, exception: Any, **_kwargs: Any
) -> None:
    SAMPLES.requests.append((name, start_time, response_time, exception is None))


def percentile(times: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted response times (0 without any)."""
    if not times:
        return 0.0
    return times[max(0, math.ceil(share * len(times)) - 1)]


def figures(name: str, rows: list[tuple[float, bool]], seconds: float) -> dict[str, Any]:
    times = sorted(time for time, _ok in rows)
    return {
        "name": name,
        "requests": len(rows),
        "failures": sum(1 for _time, ok in rows if not ok),
        "per_second": len(rows) / seconds if seconds > 0 else 0.0,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
    }


def report(samples: Samples) -> dict[str, Any]:
    """The figures per endpoint: of the steady state for the survey's requests and the log-in
    page, of the whole run for the log-in steps (all in the ramp-up). Requests per second over
    the time from the steady state's start to the end of the last request."""
    ended = max(
        (start + response_time / 1000 for _n, start, response_time, _ok in samples.requests),
        default=samples.started,
    )
    steady_from = samples.steady_from if samples.steady_from is not None else ended
    steady: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    logins: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    excluded: dict[str, int] = defaultdict(int)
    for name, start, response_time, ok in samples.requests:
        if name in LOGIN_STEPS:
            logins[name].append((response_time, ok))
        elif start >= steady_from:
            steady[name].append((response_time, ok))
            steady["Aggregated"].append((response_time, ok))
        else:
            excluded[name] += 1
    run = ended - samples.started
    steady_seconds = ended - steady_from
    return {
        "endpoints": [
            figures(name, rows, steady_seconds)
            for name, rows in sorted(steady.items(), key=lambda item: item[0] == "Aggregated")
        ],
        "logins": [figures(name, logins[name], run) for name in LOGIN_STEPS if name in logins],
        "ramp_up_seconds": steady_from - samples.started,
        "steady_seconds": steady_seconds,
        "excluded": dict(excluded),
        "all_requests": dict(Counter(name for name, *_rest in samples.requests)),
        "all_failures": dict(Counter(name for name, _s, _t, ok in samples.requests if not ok)),
    }


@events.quit.add_listener
def _write_report(**_kwargs: Any) -> None:
    """After every user stopped: the figures per endpoint, the errors and the saves."""
    stats = ENVIRONMENT[0].runner.stats
    errors = [
        f"{error.method} {error.name}: {error.error} ({error.occurrences}x)"
        for error in stats.errors.values()
    ]
    with open(os.environ["LOADTEST_REPORT"], "w", encoding="utf-8") as out:
        json.dump({**report(SAMPLES), "errors": errors, "saves": SAVES}, out)
