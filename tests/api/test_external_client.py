"""The API driven as an external client would: a token from the command, plain HTTP (urllib)
against the live server."""

import json
import urllib.error
import urllib.request
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tests.api.helpers import World
from tests.assessments.review_factories import answer_everything


class Client:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())


def token_for(username: str, name: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, "--name", name, stdout=out)
    return out.getvalue().strip()


@pytest.mark.usefixtures("transactional_db")
def test_external_client_answers_resolves_a_conflict_submits_and_exports(
    world: World, live_server: Any
) -> None:
    answer_everything(world.assessment)
    world.assessment.answers.filter(criterion__code="2.2").delete()
    client = Client(live_server.url, token_for(world.lead.username, "Warehouse sync"))
    colleague = Client(live_server.url, token_for(world.contributor.username, "Laptop"))

    status, organizations = client.call("GET", "/api/v1/organizations/")
    assert (status, [o["slug"] for o in organizations["results"]]) == (200, ["st-example"])
    status, assessments = client.call("GET", "/api/v1/assessments/?organization=st-example")
    assert status == 200
    [listed] = assessments["results"]
    answer_url = f"/api/v1/assessments/{listed['id']}/answers/2.2/"

    # A new answer (version 0: none yet), then a colleague's change the client has not seen.
    status, written = client.call("PUT", answer_url, {"status": "partial", "version": 0})
    assert (status, written["version"]) == (201, 1)
    status, theirs = colleague.call(
        "PATCH", answer_url, {"status": "met", "comment": "CD import", "version": 1}
    )
    assert (status, theirs["version"]) == (200, 2)
    status, conflict = client.call("PUT", answer_url, {"status": "not_met", "version": 1})
    assert status == 409
    assert (conflict["current"]["status"], conflict["current"]["version"]) == ("met", 2)
    # The client decides to keep the colleague's status and adds its comment, on version 2.
    status, resolved = client.call(
        "PUT", answer_url, {"status": "met", "comment": "CD import, checked", "version": 2}
    )
    assert (status, resolved["version"]) == (200, 3)

    status, submitted = client.call(
        "POST", f"/api/v1/assessments/{listed['id']}/submit/", {"expected_stage": 7}
    )
    assert (status, submitted["status"], submitted["stage"]) == (200, "submitted", 7)
    status, _closed = client.call("PUT", answer_url, {"status": "partial", "version": 3})
    assert status == 403

    status, document = client.call("GET", f"/api/v1/assessments/{listed['id']}/export/")
    assert status == 200
    assert document["format"] == "diam-assessment/1"
    assert [a for a in document["answers"] if a["criterion"] == "2.2"] == [
        {"criterion": "2.2", "status": "met", "comment": "CD import, checked"}
    ]


@pytest.mark.usefixtures("transactional_db")
def test_external_client_without_token_is_401(world: World, live_server: Any) -> None:
    client = Client(live_server.url, "not-a-token")

    status, body = client.call("GET", "/api/v1/assessments/")

    assert status == 401
    assert body["detail"] == "Invalid token."
