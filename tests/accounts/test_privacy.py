"""Personal data: the download of one's own data, and the deletion of a user by an admin, after
which the audit trail stays complete and names them "former member"."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from accounts.former_member import FORMER_MEMBER_USERNAME
from accounts.privacy.services import user_delete
from api.tokens import token_create
from assessments.audit import assessment_timeline
from assessments.enums import AnswerStatus, Role
from assessments.evidence.services import evidence_add
from assessments.models import Answer, Evidence, Verdict
from criteria.models import Criterion, ServiceArea
from discussions.enums import Side
from discussions.models import AnswerMessage
from tests.accounts.otp import twofactor_enable
from tests.assessments.evidence_factories import PDF
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def answer_by(user, assessment, code: str) -> Answer:  # type: ignore[no-untyped-def]
    area = ServiceArea.objects.get(code="radiology") if code == "1.1" else None
    answer = Answer(
        assessment=assessment,
        criterion=Criterion.objects.get(catalog=assessment.catalog, code=code),
        service_area=area,
        status=AnswerStatus.MET,
        comment="All CT",
        updated_by=user,
    )
    answer._history_user = user  # type: ignore[attr-defined]
    answer.save()
    return answer


@pytest.fixture
def jane_data(catalog):  # type: ignore[no-untyped-def]
    """Jane, a lead of St. Example, with an answer, a file, a message, a verdict and a token,
    everything at START."""
    with freeze_time(START):
        jane = UserFactory(username="jane", first_name="Jane", last_name="Doe")
        organization = OrganizationFactory(name="St. Example", slug="st-example")
        MembershipFactory(user=jane, organization=organization, role=Role.LEAD)
        lena = MembershipFactory(
            user=UserFactory(username="lena"), organization=organization, role=Role.LEAD
        ).user
        assessment = assessment_with_areas(
            ["radiology"], organization=organization, title="DIAM 2026", created_by=jane
        )
        answer = answer_by(jane, assessment, "1.1")
        evidence_add(answer=answer, upload=SimpleUploadedFile("ct.pdf", PDF), user=jane)
        message = AnswerMessage(answer=answer, author=jane, side=Side.ORGANIZATION, body="See p. 3")
        message._history_user = jane  # type: ignore[attr-defined]
        message.save()
        other_answer = answer_by(lena, assessment, "1.2")
        verdict = Verdict(answer=other_answer, accepted=False, comment="No PACS", assessor=jane)
        verdict._history_user = jane  # type: ignore[attr-defined]
        verdict.save()
        token_create(user=jane, name="laptop", days=30, now=START)
    return {"jane": jane, "lena": lena, "assessment": assessment, "answer": answer}


def download(client: Client) -> dict:  # type: ignore[type-arg]
    response = client.get(reverse("security_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


# --- download -------------------------------------------------------------------------------------


def test_data_download_anonymous_redirects_to_login(client: Client) -> None:
    url = reverse("security_data_download")

    response = client.get(url)

    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_data_download_holds_exactly_the_users_data(client: Client, jane_data) -> None:  # type: ignore[no-untyped-def]
    jane, assessment = jane_data["jane"], jane_data["assessment"]
    answer = jane_data["answer"]
    other_answer = Answer.objects.get(assessment=assessment, criterion__code="1.2")
    message = AnswerMessage.objects.get()
    evidence = Evidence.objects.get()
    with freeze_time(START + timedelta(days=1)):
        client.force_login(jane)
        response = client.get(reverse("security_data_download"))
    answer_ref = {
        "assessment_id": assessment.pk,
        "assessment": "DIAM 2026",
        "criterion": "1.1",
        "service_area": "radiology",
    }

    assert response["Content-Disposition"] == (
        'attachment; filename="diam-personal-data-jane-20260303.json"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content) == {
        "format": "diam-personal-data/1",
        "exported_at": "2026-03-03T09:00:00+00:00",
        "account": {
            "username": "jane",
            "first_name": "Jane",
            "last_name": "Doe",
            "email": "jane@example.org",
            "date_joined": "2026-03-02T09:00:00+00:00",
            "last_login": "2026-03-03T09:00:00+00:00",
            "is_active": True,
            "is_staff": False,
            "groups": [],
            "two_factor": {"enabled": False, "recovery_codes_left": 0},
        },
        "memberships": [
            {
                "organization": "St. Example",
                "organization_slug": "st-example",
                "role": "lead",
                "since": "2026-03-02T09:00:00+00:00",
            }
        ],
        "assessments": [
            {
                "id": assessment.pk,
                "title": "DIAM 2026",
                "organization": "St. Example",
                "roles": ["created_by"],
            }
        ],
        "answers_last_changed": [
            {**answer_ref, "status": "met", "comment": "All CT", "updated_at": START.isoformat()}
        ],
        "evidence_uploaded": [
            {
                **answer_ref,
                "file_name": "ct.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "uploaded_at": START.isoformat(),
            }
        ],
        "messages": [
            {
                **answer_ref,
                "side": "organization",
                "body": "See p. 3",
                "written_at": START.isoformat(),
            }
        ],
        "verdicts": [
            {
                **answer_ref,
                "criterion": "1.2",
                "service_area": None,
                "accepted": False,
                "comment": "No PACS",
                "updated_at": START.isoformat(),
            }
        ],
        "section_assignments": [],
        "improvement_plans_updated": [],
        "plan_items_owned": [],
        "invitations_sent": [],
        "export_jobs": [],
        "api_tokens": [
            {
                "name": "laptop",
                "created": START.isoformat(),
                "expiry": (START + timedelta(days=30)).isoformat(),
            }
        ],
        "audit_trail": [
            {
                "record": "assessments.answer",
                "object_id": answer.pk,
                "change": "+",
                "at": START.isoformat(),
            },
            {
                "record": "assessments.evidence",
                "object_id": evidence.pk,
                "change": "+",
                "at": START.isoformat(),
            },
            {
                "record": "assessments.verdict",
                "object_id": other_answer.verdict.pk,
                "change": "+",
                "at": START.isoformat(),
            },
            {
                "record": "discussions.answermessage",
                "object_id": message.pk,
                "change": "+",
                "at": START.isoformat(),
            },
        ],
    }


def test_data_download_of_another_user_holds_none_of_janes_data(client: Client, jane_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(username="otto"))

    data = download(client)

    assert data["account"]["username"] == "otto"
    assert [
        data[key]
        for key in (
            "memberships",
            "answers_last_changed",
            "evidence_uploaded",
            "messages",
            "verdicts",
            "api_tokens",
            "audit_trail",
        )
    ] == [[]] * 7


def test_data_download_counts_two_factor(client: Client) -> None:
    user = UserFactory()
    twofactor_enable(user)
    client.force_login(user)

    assert download(client)["account"]["two_factor"] == {"enabled": True, "recovery_codes_left": 10}


def test_data_page_links_the_download(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.get(reverse("security_data"))

    assert reverse("security_data_download") in response.content.decode()


# --- deletion -------------------------------------------------------------------------------------


def timeline_rows(assessment) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(entry.what, entry.who) for entry in assessment_timeline(assessment)]


def test_deleted_user_becomes_former_member_in_a_complete_timeline(
    client: Client, jane_data
) -> None:  # type: ignore[no-untyped-def]
    jane, lena, assessment = jane_data["jane"], jane_data["lena"], jane_data["assessment"]
    before = timeline_rows(assessment)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)

    response = admin_client.post(reverse("admin:auth_user_delete", args=[jane.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="jane").exists()
    after = timeline_rows(assessment)
    assert [what for what, _who in after] == [what for what, _who in before]
    assert [who for _what, who in before].count("Jane Doe") == 4
    assert [who for _what, who in after].count("former member") == 4
    assert "Jane Doe" not in [who for _what, who in after]
    assert "lena" in [who for _what, who in after]
    client.force_login(lena)
    page = client.get(reverse("assessment_timeline", args=[assessment.pk])).content.decode()
    assert "former member" in page and "Jane Doe" not in page


def test_deleted_user_leaves_records_without_author(jane_data) -> None:  # type: ignore[no-untyped-def]
    jane, assessment = jane_data["jane"], jane_data["assessment"]

    user_delete(user=jane)

    assert Answer.objects.filter(assessment=assessment).count() == 2
    assert Answer.objects.get(criterion__code="1.1", assessment=assessment).updated_by is None
    assert Evidence.objects.get().uploaded_by is None
    assert AnswerMessage.objects.get().author is None
    assert Verdict.objects.get().assessor is None
    assert assessment.__class__.objects.get(pk=assessment.pk).created_by is None


def test_deleted_user_placeholder_cannot_log_in(client: Client, jane_data) -> None:  # type: ignore[no-untyped-def]
    user_delete(user=jane_data["jane"])

    placeholder = get_user_model().objects.get(username=FORMER_MEMBER_USERNAME)

    assert placeholder.is_active is False
    assert placeholder.has_usable_password() is False
    assert placeholder.memberships.count() == 0


def test_deleted_user_sessions_end(client: Client, jane_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(jane_data["jane"])

    user_delete(user=jane_data["jane"])

    assert client.get(reverse("security"))["Location"].startswith(reverse("login"))


def test_system_changes_stay_system_after_a_deletion(jane_data) -> None:  # type: ignore[no-untyped-def]
    assessment = jane_data["assessment"]

    user_delete(user=jane_data["jane"])

    whos = {who for what, who in timeline_rows(assessment) if what.startswith("Assessment")}
    assert whos == {"system"}
