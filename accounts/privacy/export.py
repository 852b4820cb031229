"""A user's personal data as one JSON document (their right of access): the account, and every
record that names them as its author, owner or actor. Reads only."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from knox.models import AuthToken

from accounts.models import Invitation
from accounts.privacy.services import history_models
from accounts.twofactor.services import recovery_codes_left, twofactor_enabled
from assessments.models import Answer, Assessment, Evidence, Membership, Verdict
from assignments.models import SectionAssignment
from discussions.models import AnswerMessage
from plans.models import ImprovementPlan, PlanItem
from reports.models import ExportJob

FORMAT = "diam-personal-data/1"


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "assessment_id": answer.assessment_id,
        "assessment": answer.assessment.title,
        "criterion": answer.criterion.code,
        "service_area": answer.service_area.code if answer.service_area_id else None,
    }


def _answers(user: AbstractBaseUser) -> list[dict[str, Any]]:
    answers = (
        Answer.objects.filter(updated_by=user)
        .select_related("assessment", "criterion", "service_area")
        .order_by("assessment_id", "pk")
    )
    return [
        {
            **_answer(a),
            "status": a.status,
            "comment": a.comment,
            "updated_at": _when(a.updated_at),
        }
        for a in answers
    ]


def _evidence(user: AbstractBaseUser) -> list[dict[str, Any]]:
    files = (
        Evidence.objects.filter(uploaded_by=user)
        .select_related("answer__assessment", "answer__criterion", "answer__service_area")
        .order_by("pk")
    )
    return [
        {
            **_answer(e.answer),
            "file_name": e.original_name,
            "content_type": e.content_type,
            "size": e.size,
            "uploaded_at": _when(e.uploaded_at),
        }
        for e in files
    ]


def _messages(user: AbstractBaseUser) -> list[dict[str, Any]]:
    messages = (
        AnswerMessage.objects.filter(author=user)
        .select_related("answer__assessment", "answer__criterion", "answer__service_area")
        .order_by("created", "pk")
    )
    return [
        {**_answer(m.answer), "side": m.side, "body": m.body, "written_at": _when(m.created)}
        for m in messages
    ]


def _verdicts(user: AbstractBaseUser) -> list[dict[str, Any]]:
    verdicts = (
        Verdict.objects.filter(assessor=user)
        .select_related("answer__assessment", "answer__criterion", "answer__service_area")
        .order_by("pk")
    )
    return [
        {
            **_answer(v.answer),
            "accepted": v.accepted,
            "comment": v.comment,
            "updated_at": _when(v.updated_at),
        }
        for v in verdicts
    ]


def _assessments(user: AbstractBaseUser) -> list[dict[str, Any]]:
    rows = []
    mine = Q(created_by=user) | Q(assessor=user) | Q(validated_by=user)
    for assessment in Assessment.objects.filter(mine).select_related("organization").order_by("pk"):
        roles = [
            role
            for role, user_id in (
                ("created_by", assessment.created_by_id),
                ("assessor", assessment.assessor_id),
                ("validated_by", assessment.validated_by_id),
            )
            if user_id == user.pk
        ]
        if roles:
            rows.append(
                {
                    "id": assessment.pk,
                    "title": assessment.title,
                    "organization": assessment.organization.name,
                    "roles": roles,
                }
            )
    return rows


def _audit_trail(user: AbstractBaseUser) -> list[dict[str, Any]]:
    entries = []
    for model in history_models():
        record = model._meta.label_lower.replace(".historical", ".")
        for object_id, change, when in model.objects.filter(history_user=user).values_list(
            "id", "history_type", "history_date"
        ):
            entries.append({"record": record, "object_id": object_id, "change": change, "at": when})
    entries.sort(key=lambda e: (e["at"], e["record"], e["object_id"]))
    return [{**e, "at": _when(e["at"])} for e in entries]


def personal_data_export(*, user: AbstractBaseUser, now: datetime) -> dict[str, Any]:
    """Everything the application keeps about the user, for a JSON download."""
    return {
        "format": FORMAT,
        "exported_at": _when(now),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,  # type: ignore[attr-defined]
            "last_name": user.last_name,  # type: ignore[attr-defined]
            "email": user.email,  # type: ignore[attr-defined]
            "date_joined": _when(user.date_joined),  # type: ignore[attr-defined]
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
            "is_staff": user.is_staff,  # type: ignore[attr-defined]
            "groups": sorted(user.groups.values_list("name", flat=True)),  # type: ignore[attr-defined]
            "two_factor": {
                "enabled": twofactor_enabled(user),
                "recovery_codes_left": recovery_codes_left(user),
            },
        },
        "memberships": [
            {
                "organization": m.organization.name,
                "organization_slug": m.organization.slug,
                "role": m.role,
                "since": _when(m.created_at),
            }
            for m in Membership.objects.filter(user=user)
            .select_related("organization")
            .order_by("organization__name", "pk")
        ],
        "assessments": _assessments(user),
        "answers_last_changed": _answers(user),
        "evidence_uploaded": _evidence(user),
        "messages": _messages(user),
        "verdicts": _verdicts(user),
        "section_assignments": [
            {
                "assessment_id": a.assessment_id,
                "section": a.section,
                "due_date": _when(a.due_date),
                "assigned_to_me": a.assignee_id == user.pk,
                "assigned_by_me": a.assigned_by_id == user.pk,
            }
            for a in SectionAssignment.objects.filter(
                Q(assignee=user) | Q(assigned_by=user)
            ).order_by("pk")
        ],
        "improvement_plans_updated": [
            {"organization_id": p.organization_id, "target_stage": p.target_stage}
            for p in ImprovementPlan.objects.filter(updated_by=user).order_by("pk")
        ],
        "plan_items_owned": [
            {
                "organization_id": i.plan.organization_id,
                "criterion": i.criterion.code,
                "service_area": i.service_area.code if i.service_area_id else None,
                "status": i.status,
                "due_date": _when(i.due_date),
                "note": i.note,
            }
            for i in PlanItem.objects.filter(owner=user)
            .select_related("plan", "criterion", "service_area")
            .order_by("pk")
        ],
        "invitations_sent": [
            {
                "organization": i.organization.name,
                "email": i.email,
                "role": i.role,
                "created_at": _when(i.created_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in Invitation.objects.filter(invited_by=user)
            .select_related("organization")
            .order_by("created_at", "pk")
        ],
        "export_jobs": [
            {"kind": j.kind, "status": j.status, "created_at": _when(j.created_at)}
            for j in ExportJob.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "api_tokens": [
            {
                "name": getattr(getattr(t, "api_name", None), "name", ""),
                "created": _when(t.created),
                "expiry": _when(t.expiry),
            }
            for t in AuthToken.objects.filter(user=user)
            .select_related("api_name")
            .order_by("created")
        ],
        "audit_trail": _audit_trail(user),
    }
