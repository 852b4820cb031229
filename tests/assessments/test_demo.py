"""`create_demo_data` (for `make run`): idempotent, a user per role, a partly answered draft."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings

from assessments.access import ASSESSORS_GROUP
from assessments.models import Assessment, Membership


@override_settings(DEBUG=True)
def test_create_demo_data_twice_prints_logins_and_keeps_one_copy(catalog) -> None:  # type: ignore[no-untyped-def]
    first, second = StringIO(), StringIO()

    call_command("create_demo_data", stdout=first)
    call_command("create_demo_data", stdout=second)

    lines = first.getvalue().splitlines()
    assert lines[:2] == [
        "Demo organization: Demo Hospital",
        "Demo logins (role, username, password):",
    ]
    assert [line.split() for line in lines[2:6]] == [
        ["contributor", "demo-contributor", "diam-demo-2026"],
        ["lead", "demo-lead", "diam-demo-2026"],
        ["assessor", "demo-assessor", "diam-demo-2026"],
        ["admin", "demo-admin", "diam-demo-2026"],
    ]
    assert second.getvalue() == first.getvalue()
    draft = Assessment.objects.get(title="DIAM self-assessment 2026")
    assert (draft.status, draft.areas.count(), draft.answers.count()) == ("draft", 4, 14)
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("demo-contributor", "contributor"),
        ("demo-lead", "lead"),
    ]


@override_settings(DEBUG=True)
def test_demo_users_can_log_in_with_their_roles(catalog) -> None:  # type: ignore[no-untyped-def]
    call_command("create_demo_data", stdout=StringIO())

    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="demo-admin", password="diam-demo-2026")
    assessor = authenticate(request, username="demo-assessor", password="diam-demo-2026")

    assert admin is not None and admin.is_superuser and admin.is_staff
    assert assessor is not None and assessor.groups.filter(name=ASSESSORS_GROUP).exists()


def test_create_demo_data_is_refused_without_debug(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Demo data is for development only"):
        call_command("create_demo_data", stdout=StringIO())
