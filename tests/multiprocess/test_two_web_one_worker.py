"""Several machines' worth of processes on one: two web servers (gunicorn) and one RQ worker,
sharing a database (a throwaway PostgreSQL database when DATABASE_URL names PostgreSQL, SQLite
otherwise), a Redis (a redis-server of the test's own: task queue, cache, sessions) and an S3
bucket (moto's S3 server of the test's own), as behind a load balancer.

Over HTTP, as a browser would: a user logs in on web 1 and is logged in on web 2; an evidence file
uploaded through web 1 downloads through web 2; a ZIP of scorecards asked for on web 1 is built
by the worker and downloads through web 2. The files are in the bucket, none on the local disk.
"""

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from performance.loadtest.runner import ROOT, environment, fresh_database, gunicorn
from tests.backing_services import redis_server, s3_environment, s3_names, s3_server
from tests.concurrency.server import run_python

pytestmark = [pytest.mark.concurrency, pytest.mark.subprocess]

BUCKET = "diam-multiprocess"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
# A PDF as filetype recognizes one (its first bytes), with a byte of every value.
EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
JOB_SECONDS = 240

SEED = """
from django.core.management import call_command
from assessments.enums import Role
from criteria.models import ServiceArea
from tests.factories import AnswerFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.factories import assessment_with_areas

call_command("migrate", verbosity=0, interactive=False)
call_command("load_catalog", verbosity=0)
organization = OrganizationFactory(name="St. Elsewhere", slug="st-elsewhere")
area = ServiceArea.objects.order_by("order").values_list("code", flat=True).first()
assessment = assessment_with_areas([area], organization=organization)
answer = assessment.answers.first() or AnswerFactory(assessment=assessment)
user = UserFactory(username="lead", is_staff=True)
MembershipFactory(organization=organization, user=user, role=Role.LEAD)
print(json.dumps({"assessment": assessment.pk, "answer": answer.pk}))
"""

EVIDENCE_ROWS = """
from assessments.models import Evidence
print(json.dumps([[e.pk, e.file.name] for e in Evidence.objects.order_by("pk")]))
"""


@dataclass
class Installation:
    web1: str
    web2: str
    env: dict[str, str]
    s3_endpoint: str
    media_root: Path
    assessment: int
    answer: int


@contextmanager
def rq_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "rqworker",
                "--job-class",
                "django_tasks_rq.Job",
                "default",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()  # a warm shutdown: the job in hand, if any, is finished first
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(what: str, seconds: float, check: object, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.5)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    raise AssertionError(f"{what}: not within {seconds} s\n{tails}")


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(log=tmp_path / "redis.log"))
        s3_endpoint = stack.enter_context(s3_server(BUCKET))
        database_url = stack.enter_context(fresh_database(tmp_path))
        media_root = tmp_path / "media"
        env = {
            **environment(database_url, tmp_path),
            **s3_environment(s3_endpoint, BUCKET),
            "SECRET_KEY": "the-same-key-on-every-machine-of-this-test",
            "REDIS_URL": redis_url,
            "TASKS_BACKEND": "rq",
            "MEDIA_ROOT": str(media_root),  # would hold the files if they went to the disk
            "DIAM_RENDER_PROCESSES": "1",
            "DIAM_ENV_FILE": "/dev/null",  # the environment above, nothing from a .env
        }
        seeded = run_python(SEED, env)
        assert isinstance(seeded, dict)
        web1 = stack.enter_context(gunicorn(env, workers=1, log=tmp_path / "web1.log"))
        web2 = stack.enter_context(gunicorn(env, workers=1, log=tmp_path / "web2.log"))
        stack.enter_context(rq_worker(env, tmp_path / "worker.log"))
        yield Installation(
            web1, web2, env, s3_endpoint, media_root, seeded["assessment"], seeded["answer"]
        )


def csrf_token(page: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:2000]
    return match.group(1)


def log_in(base: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{base}/accounts/login/", timeout=60)
    reply = browser.post(
        f"{base}/accounts/login/",
        data={"username": "lead", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(form)},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    assert (reply.status_code, "sessionid" in browser.cookies) == (302, True), reply.text[:2000]
    return browser


def with_session_of(browser: requests.Session) -> requests.Session:
    """A second browser holding only the first one's session cookie."""
    other = requests.Session()
    other.cookies.set("sessionid", browser.cookies["sessionid"])
    return other


def test_two_web_processes_and_a_worker_share_sessions_files_and_jobs(
    installation: Installation,
) -> None:
    web1, web2 = installation.web1, installation.web2
    logs = [installation.media_root.parent / name for name in ("web1.log", "web2.log")]
    logs.append(installation.media_root.parent / "worker.log")

    # Ready on every dependency, the worker included (it registers itself in Redis).
    def ready() -> bool:
        return requests.get(f"{web2}/readyz", timeout=30).status_code == 200

    wait_until("/readyz with the worker up", 60, ready, logs)
    checks = requests.get(f"{web2}/readyz", timeout=30).json()["checks"]
    assert {name: check["detail"] for name, check in checks.items() if name != "database"} == {
        "cache": "RedisCache",
        "storage": "S3Storage",
        "worker": "1 RQ worker(s)",
    }

    # Logged in on web 1, logged in on web 2 with the same cookie; a stranger is not.
    first = log_in(web1)
    second = with_session_of(first)
    exports_on_2 = second.get(f"{web2}/exports/", allow_redirects=False, timeout=60)
    stranger = requests.get(f"{web2}/exports/", allow_redirects=False, timeout=60)
    assert (exports_on_2.status_code, stranger.status_code) == (200, 302)

    # An evidence file uploaded through web 1 downloads through web 2, byte for byte.
    token = csrf_token(first.get(f"{web1}/exports/", timeout=60))
    pk, answer = installation.assessment, installation.answer
    upload = first.post(
        f"{web1}/assessments/{pk}/answers/{answer}/evidence/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("policy.pdf", EVIDENCE, "application/pdf")},
        headers={"Referer": f"{web1}/"},
        allow_redirects=False,
        timeout=60,
    )
    assert upload.status_code == 302, upload.text[:2000]
    rows = run_python(EVIDENCE_ROWS, installation.env)
    assert isinstance(rows, list) and len(rows) == 1, rows
    evidence_id, stored_name = rows[0]
    evidence_url = f"{web2}/assessments/{pk}/evidence/{evidence_id}/"
    download = second.get(evidence_url, timeout=60)
    refused = requests.get(evidence_url, allow_redirects=False, timeout=60)
    assert (download.status_code, download.headers["Content-Length"], download.content) == (
        200,
        str(len(EVIDENCE)),
        EVIDENCE,
    )
    assert (refused.status_code, refused.content) == (302, b"")  # to the log-in page

    # A ZIP of scorecards asked for on web 1, built by the worker, downloads through web 2.
    asked = first.post(
        f"{web1}/exports/",
        data={"csrfmiddlewaretoken": token, "output": "scorecards_zip", "date_field": "created"},
        headers={"Referer": f"{web1}/exports/"},
        allow_redirects=False,
        timeout=60,
    )
    assert asked.status_code == 302, asked.text[:2000]
    job_page = asked.headers["Location"]
    download_url = f"{job_page}download/"

    def built() -> bool:
        progress = second.get(f"{web2}{job_page}progress/", timeout=60)
        assert progress.status_code == 200
        return download_url in progress.text

    wait_until("the worker built the ZIP", JOB_SECONDS, built, logs)
    archive_reply = second.get(f"{web2}{download_url}", timeout=120)
    refused = requests.get(f"{web2}{download_url}", allow_redirects=False, timeout=60)
    assert (refused.status_code, refused.content) == (302, b"")
    assert (archive_reply.status_code, archive_reply.headers["Content-Type"]) == (
        200,
        "application/zip",
    )
    with zipfile.ZipFile(io.BytesIO(archive_reply.content)) as archive:
        names = sorted(archive.namelist())
        pdfs = [name for name in names if name.endswith(".pdf")]
        starts = {name: archive.read(name)[:5] for name in pdfs}
    assert (names, starts) == (
        ["assessments.csv", f"st-elsewhere-{pk}.pdf"],
        {f"st-elsewhere-{pk}.pdf": b"%PDF-"},
    )

    # Every file is in the bucket; none on the local disk of any process.
    stored = s3_names(installation.s3_endpoint, BUCKET)
    assert stored_name in stored
    assert [name for name in stored if name.startswith("exports/") and name.endswith(".zip")]
    local = [path for path in installation.media_root.rglob("*") if path.is_file()]
    assert local == []
