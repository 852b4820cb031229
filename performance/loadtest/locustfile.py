"""Contributors answering the survey, for `make loadtest` (performance/loadtest/runner.py).

Each simulated contributor logs in with its own account, then, with 1 s of thought between
requests, opens the Stage 1 page and autosaves answers of its own slots (no two contributors
share a slot, so no save meets a conflict); now and then it loads the log-in page as a visitor
who is not logged in: the baseline, measured under the same load. Every save answered with
HTTP 200 and its new version is recorded and written at the end, with the figures per endpoint
(LOADTEST_REPORT), for the check that it is in the database and in the audit trail.

Runs inside locust (gevent): it imports nothing of Django.
"""

import itertools
import json
import os
import re
from typing import Any

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

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


def _version(body: str, key: str) -> int | None:
    match = re.search(rf'name="{re.escape(key)}-version" value="(\d+)"', body)
    return int(match.group(1)) if match else None


class Contributor(HttpUser):
    wait_time = between(1, 1)  # 1 s of thought between two requests

    def on_start(self) -> None:
        account = ACCOUNTS[next(NEXT_ACCOUNT) % len(ACCOUNTS)]
        self.account = account
        self.section = f"/assessments/{account['assessment']}/sections/stage-1/"
        self.anonymous = HttpSession(
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

    def _token(self, body: str) -> str:
        match = CSRF.search(body)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")

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


@events.quit.add_listener
def _write_report(**_kwargs: Any) -> None:
    """After every user stopped: the figures per endpoint, the errors and the saves."""
    stats = ENVIRONMENT[0].runner.stats
    endpoints = [
        {
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "per_second": entry.total_rps,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
        for entry in [*stats.entries.values(), stats.total]
    ]
    errors = [
        f"{error.method} {error.name}: {error.error} ({error.occurrences}x)"
        for error in stats.errors.values()
    ]
    with open(os.environ["LOADTEST_REPORT"], "w", encoding="utf-8") as out:
        json.dump({"endpoints": endpoints, "errors": errors, "saves": SAVES}, out)
