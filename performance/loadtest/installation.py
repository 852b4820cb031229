"""The load test's installation, run in processes of their own against its database:

    python -m performance.loadtest.installation seed USERS ACCOUNTS.json
    python -m performance.loadtest.installation check SAVES.json

`seed` migrates, loads the catalog and makes USERS contributors, five to an organization, each
organization with a draft assessment of the 15 service areas; it writes their accounts. `check`
compares the saves that locust saw answered with HTTP 200 and a new version with the database:
each answer's row and its latest history row (the audit trail) must hold the last version and
status reported for it. (One person's edits of an answer within five minutes are one change in
the history, so the earlier versions of a run are folded into that row.)
"""

import json
import secrets
import sys
from pathlib import Path
from typing import Any

PER_ORGANIZATION = 5


def seed(users: int, accounts_path: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from assessments.enums import AssessmentStatus, Role
    from assessments.models import Assessment, AssessmentArea, Membership, Organization
    from criteria.models import CatalogVersion, ServiceArea

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_catalog", verbosity=0)
    catalog = CatalogVersion.objects.get(slug="diam")
    areas = list(ServiceArea.objects.order_by("order"))
    password = secrets.token_urlsafe(12)
    hashed = make_password(password)  # once: hashing is slow by design
    User = get_user_model()
    accounts: list[dict[str, Any]] = []
    for first in range(0, users, PER_ORGANIZATION):
        number = first // PER_ORGANIZATION
        organization = Organization.objects.create(
            name=f"Load test hospital {number}",
            slug=f"load-{number}",
            country="DE",
            kind="hospital",
        )
        assessment = Assessment.objects.create(
            organization=organization,
            catalog=catalog,
            title="Load test",
            status=AssessmentStatus.DRAFT,
        )
        AssessmentArea.objects.bulk_create(
            AssessmentArea(assessment=assessment, service_area=area, annual_volume=1000)
            for area in areas
        )
        members = range(first, min(first + PER_ORGANIZATION, users))
        for share, n in enumerate(members):
            user = User.objects.create(username=f"load-{n}", password=hashed)
            Membership.objects.create(user=user, organization=organization, role=Role.CONTRIBUTOR)
            accounts.append(
                {
                    "username": user.username,
                    "password": password,
                    "assessment": assessment.pk,
                    "share": share,
                    "of": len(members),
                }
            )
    accounts_path.write_text(json.dumps(accounts), encoding="utf-8")


def _slot(key: str) -> tuple[str, str | None]:
    """ "s-1_1-radiology" -> ("1.1", "radiology"); "s-2_2" -> ("2.2", None)."""
    code, _sep, area = key.removeprefix("s-").partition("-")
    return code.replace("_", "."), area or None


def check(saves_path: Path) -> dict[str, Any]:
    from assessments.models import Answer

    saves = json.loads(saves_path.read_text(encoding="utf-8"))
    last: dict[tuple[int, str], dict[str, Any]] = {}
    for save in saves:
        key = (save["assessment"], save["slot"])
        if key not in last or save["version"] > last[key]["version"]:
            last[key] = save
    in_database = in_history = 0
    for (assessment, slot), save in last.items():
        code, area = _slot(slot)
        answer = Answer.objects.filter(
            assessment_id=assessment, criterion__code=code, service_area__code=area
        ).first()
        if answer is None or (answer.version, answer.status) != (save["version"], save["status"]):
            continue
        in_database += 1
        latest = (
            Answer.history.filter(id=answer.pk).order_by("-history_date", "-history_id").first()
        )
        if latest is not None and (latest.version, latest.status) == (
            save["version"],
            save["status"],
        ):
            in_history += 1
    return {
        "saves": len(saves),
        "answers": len(last),
        "in_database": in_database,
        "in_history": in_history,
        "history_rows": Answer.history.count(),
        "passed": in_database == in_history == len(last),
    }


def main(argv: list[str]) -> None:
    import django

    django.setup()
    if argv[0] == "seed":
        seed(int(argv[1]), Path(argv[2]))
    elif argv[0] == "check":
        print(json.dumps(check(Path(argv[1]))))
    else:
        raise SystemExit(f"unknown step {argv[0]!r}: seed or check")


if __name__ == "__main__":
    main(sys.argv[1:])
