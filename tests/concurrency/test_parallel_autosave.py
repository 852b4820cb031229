"""Colleagues autosaving at the same moment, against gunicorn with 4 workers on the suite's database

Nothing may fail with a server error, every answer reported saved must be in the database, and of
several simultaneous saves of one answer exactly one wins while the others get the conflict view.
"""

import re
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from performance.loadtest.runner import fresh_database, gunicorn
from tests.concurrency.server import Browser, Reply, run_python
from tests.concurrency.server import subprocess_env as make_env

pytestmark = pytest.mark.concurrency

COLLEAGUES = 20
ROUNDS = 3
WORKERS = 4
STATUSES = ["met", "partial", "not_met"]

SEED = f"""
from django.core.management import call_command
from django.test import Client
from assessments.enums import Role
from criteria.models import ServiceArea
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories import assessment_with_areas

call_command("migrate", verbosity=0, interactive=False)
call_command("load_catalog", verbosity=0)
organization = OrganizationFactory(name="St. Parallel")
areas = list(ServiceArea.objects.order_by("order").values_list("code", flat=True))
assessment = assessment_with_areas(areas, organization=organization)
sessions = []
for number in range({COLLEAGUES}):
    user = UserFactory(username=f"colleague-{{number}}")
    MembershipFactory(organization=organization, user=user, role=Role.CONTRIBUTOR)
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
print(json.dumps({{"assessment": assessment.pk, "sessions": sessions}}))
"""

ANSWERS = """
from assessments.models import Answer
rows = Answer.objects.filter(assessment_id={pk}).select_related("criterion", "service_area")
print(json.dumps({{
    f"s-{{a.criterion.code.replace('.', '_')}}"
    + (f"-{{a.service_area.code}}" if a.service_area else ""): [a.status, a.comment, a.version]
    for a in rows
}}))
"""


@dataclass
class Installation:
    base: str
    env: dict[str, str]
    assessment: int
    sessions: list[str]

    def answers(self) -> dict[str, list[object]]:
        result = run_python(ANSWERS.format(pk=self.assessment), self.env)
        assert isinstance(result, dict)
        return result


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    with fresh_database(tmp_path) as database_url:
        env = make_env(database_url, tmp_path)
        seeded = run_python(SEED, env)
        assert isinstance(seeded, dict)
        with gunicorn(env, workers=WORKERS, log=tmp_path / "gunicorn.log") as base:
            yield Installation(base, env, seeded["assessment"], seeded["sessions"])


def all_at_once(calls: list) -> list[Reply]:  # type: ignore[type-arg]
    """Run the calls in parallel threads released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):  # type: ignore[no-untyped-def]
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def slot_fields(key: str, *, status: str, comment: str, initial: str, version: int) -> dict:  # type: ignore[type-arg]
    return {
        "slot": key,
        f"{key}-status": status,
        f"{key}-comment": comment,
        f"{key}-initial_status": initial,
        f"{key}-initial_comment": "",
        f"{key}-version": str(version),
    }


def saved_version(reply: Reply, key: str) -> int:
    match = re.search(rf'name="{key}-version" value="(\d+)"', reply.body)
    assert match, reply.body[:2000]
    return int(match.group(1))


def test_parallel_autosaves_of_different_answers_all_land(installation: Installation) -> None:
    section = f"/assessments/{installation.assessment}/sections/stage-1/"
    browsers = [Browser(installation.base, key) for key in installation.sessions]
    page = browsers[0].get(section)
    assert page.status == 200
    keys = list(dict.fromkeys(re.findall(r'data-slot="(s-[^"]+)"', page.body)))[:COLLEAGUES]
    assert len(keys) == COLLEAGUES
    for browser in browsers[1:]:
        assert browser.get(section).status == 200

    versions = dict.fromkeys(keys, 0)
    previous = dict.fromkeys(keys, "")
    statuses: Counter[int] = Counter()
    for round_ in range(ROUNDS):
        status = STATUSES[round_]
        calls = [
            partial(
                browser.post,
                section + "autosave/",
                slot_fields(
                    key,
                    status=status,
                    comment=f"Round {round_ + 1}: the last word stays",
                    initial=previous[key],
                    version=versions[key],
                ),
            )
            for browser, key in zip(browsers, keys, strict=True)
        ]
        replies = all_at_once(calls)
        statuses.update(reply.status for reply in replies)
        for key, reply in zip(keys, replies, strict=True):
            if reply.status == 200:
                versions[key] = saved_version(reply, key)
                previous[key] = status

        stored = installation.answers()
        saved = [key for key, reply in zip(keys, replies, strict=True) if reply.status == 200]
        assert {key: stored.get(key) for key in saved} == {
            key: [status, f"Round {round_ + 1}: the last word stays", versions[key]]
            for key in saved
        }

    assert statuses == Counter({200: COLLEAGUES * ROUNDS})
    assert sorted(set(versions.values())) == [ROUNDS]


def test_parallel_saves_of_one_answer_one_wins_the_others_see_the_conflict(
    installation: Installation,
) -> None:
    section = f"/assessments/{installation.assessment}/sections/stage-1/"
    browsers = [Browser(installation.base, key) for key in installation.sessions]
    for browser in browsers:
        assert browser.get(section).status == 200
    key = "s-1_1-radiology"
    calls = [
        (
            lambda b=browser, n=number: b.post(
                section + "autosave/",
                slot_fields(
                    key,
                    status=STATUSES[n % 3],
                    comment=f"Colleague {n}",
                    initial="",
                    version=0,
                ),
            )
        )
        for number, browser in enumerate(browsers)
    ]

    replies = all_at_once(calls)

    assert Counter(reply.status for reply in replies) == Counter({200: 1, 409: COLLEAGUES - 1})
    winner = next(n for n, reply in enumerate(replies) if reply.status == 200)
    assert installation.answers() == {key: [STATUSES[winner % 3], f"Colleague {winner}", 1]}
    for reply in replies:
        if reply.status == 409:
            assert 'data-testid="conflict-theirs"' in reply.body
            assert f'name="{key}-conflict_version" value="1"' in reply.body
