"""Forms of the review: a verdict per answer, the findings, the decisions, the queue's filters,
and the copy of a validated assessment."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, Membership, Verdict
from assessments.review.selectors import (
    MINE,
    QUEUE_ORDERINGS,
    SHOW_CHANGED,
    SHOW_WITHOUT,
    UNASSIGNED,
    QueueFilters,
)
from assessments.review.services import VerdictInput

MAX_TEXT = 10_000
ACCEPTED = "accepted"
NOT_ACCEPTED = "not_accepted"


def _normalize(text: str) -> str:
    # Browsers send textarea line breaks as CRLF; store and compare LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


class VerdictForm(forms.Form):
    """The verdict on one answer; prefixed with the answer's key ("v-<answer id>").

    `version` is the verdict's version the assessor started from (0: none yet);
    `conflict_version` the other assessor's version shown in a conflict ("Keep mine" saves over
    that one). `state` and `conflict` say how the last save went, for the template."""

    decision = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[(ACCEPTED, _("Accepted")), (NOT_ACCEPTED, _("Not accepted"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Unknown verdict “%(value)s”.")},
    )
    comment = forms.CharField(
        label=_("Comment for the organization"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    conflict_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, answer: Answer, **kwargs: Any) -> None:
        self.answer = answer
        self.state = ""
        self.conflict: Verdict | None = None
        verdict = getattr(answer, "verdict", None)
        kwargs.setdefault(
            "initial",
            {"version": 0}
            if verdict is None
            else {
                "decision": ACCEPTED if verdict.accepted else NOT_ACCEPTED,
                "comment": verdict.comment,
                "version": verdict.version,
            },
        )
        kwargs.setdefault("prefix", f"v-{answer.pk}")
        super().__init__(*args, **kwargs)

    @property
    def posted(self) -> bool:
        """Were this answer's verdict inputs in the posted data? (Others are left alone.)"""
        return self.is_bound and any(
            self.add_prefix(name) in self.data for name in ("decision", "comment")
        )

    @property
    def waiting(self) -> bool:
        """Invalid only because it is incomplete: "Not accepted" before its comment is typed,
        or a comment before the verdict. The autosave waits for the rest; nothing is wrong."""
        return not self.is_valid() and all(
            error.code in {"comment_required", "decision_required"}
            for errors in self.errors.as_data().values()
            for error in errors
        )

    def expected_version(self, *, keep_mine: bool) -> int:
        """The version to save over: the other assessor's after "Keep mine", else the one the
        assessor started from."""
        data = self.cleaned_data
        if keep_mine and data.get("conflict_version") is not None:
            return int(data["conflict_version"])
        return int(data.get("version") or 0)

    def clean_comment(self) -> str:
        return _normalize(self.cleaned_data.get("comment", "")).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        comment = cleaned.get("comment", "")
        if decision == NOT_ACCEPTED and not comment:
            self.add_error(
                "comment",
                forms.ValidationError(
                    _("Say why the answer is not accepted: a comment is required."),
                    code="comment_required",
                ),
            )
        if not decision and comment and "decision" not in self.errors:
            self.add_error(
                "decision",
                forms.ValidationError(
                    _("Choose “Accepted” or “Not accepted” for this comment."),
                    code="decision_required",
                ),
            )
        return cleaned

    def verdict_input(self) -> VerdictInput | None:
        """The verdict to record, or None when the form leaves the answer as it was."""
        decision = self.cleaned_data.get("decision")
        if not decision:
            return None
        accepted = decision == ACCEPTED
        comment = self.cleaned_data.get("comment", "")
        verdict = getattr(self.answer, "verdict", None)
        if verdict is not None and (verdict.accepted, verdict.comment) == (accepted, comment):
            return None
        return VerdictInput(answer=self.answer, accepted=accepted, comment=comment)


class ReviewFilterForm(forms.Form):
    """The review page's filter (GET "show")."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Every answer")),
            (SHOW_WITHOUT, _("Without verdict")),
            (SHOW_CHANGED, _("Changed since my verdict")),
        ],
        error_messages={"invalid_choice": _("Unknown filter “%(value)s”: every answer is shown.")},
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def filter_value(self) -> str:
        """The valid filter ("" for every answer, or when the filter is invalid)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data.get("show") or "")


class FindingsForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the organization does well. Shown to the organization once validated."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What to improve next. Shown to the organization once validated."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_strengths(self) -> str:
        return _normalize(self.cleaned_data.get("strengths", ""))

    def clean_recommendations(self) -> str:
        return _normalize(self.cleaned_data.get("recommendations", ""))


class ValidateForm(forms.Form):
    """The validated stage: the stage of the accepted answers, or a lower one with a reason.

    The life cycle (assessments.lifecycle) checks the same rules; this form only offers them."""

    stage = forms.TypedChoiceField(label=_("Validated stage"), coerce=int, choices=[])
    reason = forms.CharField(
        label=_("Reason for a lower stage"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the validated stage is below the stage of the accepted answers. "
            "The organization reads it beside the stages."
        ),
    )
    expected_stage = forms.IntegerField(
        min_value=0, max_value=7, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, justified: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"stage": justified, "expected_stage": justified})
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.TypedChoiceField)
        stage.choices = [
            (n, _("Stage %(number)d") % {"number": n}) for n in range(justified, -1, -1)
        ]
        stage.error_messages["invalid_choice"] = _(
            "The validated stage cannot be higher than stage %(stage)d, the stage the accepted "
            "answers justify."
        ) % {"stage": justified}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_reason(self) -> str:
        return _normalize(self.cleaned_data.get("reason", "")).strip()


def assessor_choices(assessment: Assessment) -> QuerySet[AbstractBaseUser]:
    """Active assessors who are not members of the assessment's organization."""
    members = Membership.objects.filter(organization_id=assessment.organization_id).values("user")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ASSESSORS_GROUP)
        .exclude(pk__in=members)
        .order_by("last_name", "first_name", "username")
    )


class AssessorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else str(obj.username)


class AssignForm(forms.Form):
    assessor = AssessorChoiceField(
        label=_("Assessor"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose an assessor"),
        error_messages={"invalid_choice": _("Choose an assessor from the list.")},
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = assessor_choices(assessment)
        if assessment.assessor_id:
            self.initial.setdefault("assessor", assessment.assessor_id)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class CopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new assessment"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


SORT_LABELS = {
    "submitted": _("Submitted, oldest first"),
    "-submitted": _("Submitted, newest first"),
    "organization": _("Organization, A to Z"),
    "-organization": _("Organization, Z to A"),
    "country": _("Country, A to Z"),
    "-country": _("Country, Z to A"),
    "stage": _("Self-assessed stage, lowest first"),
    "-stage": _("Self-assessed stage, highest first"),
    "status": _("Status"),
    "-status": _("Status, reversed"),
    "assignee": _("Assessor, unassigned first"),
    "-assignee": _("Assessor, unassigned last"),
}


class QueueFilterForm(forms.Form):
    """The review queue's filters and sort order (GET)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Submitted or in review")),
            (AssessmentStatus.SUBMITTED, AssessmentStatus.SUBMITTED.label),
            (AssessmentStatus.IN_REVIEW, AssessmentStatus.IN_REVIEW.label),
        ],
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    stage = forms.TypedChoiceField(
        label=_("Self-assessed stage"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any stage"))] + [(n, str(n)) for n in range(8)],
    )
    assignee = forms.ChoiceField(label=_("Assessor"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in QUEUE_ORDERINGS],
    )

    def __init__(
        self,
        *args: Any,
        countries_present: list[str],
        assessors: list[AbstractBaseUser] | None,
        **kwargs: Any,
    ) -> None:
        """`assessors`: the people an admin may filter by (None for an assessor, who filters
        only on "me" or "unassigned")."""
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("Any country"))] + [
            (code, countries.name(code) or code) for code in countries_present
        ]
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        choices: list[tuple[str, Any]] = [
            ("", _("Anyone")),
            (MINE, _("Assigned to me")),
            (UNASSIGNED, _("Nobody yet")),
        ]
        for user in assessors or []:
            full_name = user.get_full_name()  # type: ignore[attr-defined]
            choices.append((str(user.pk), full_name or user.get_username()))
        assignee.choices = choices
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> QueueFilters:
        """The valid filters (an invalid one is reported by the form and left out)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return QueueFilters(
            status=data.get("status") or "",
            country=data.get("country") or "",
            stage=data.get("stage"),
            assignee=data.get("assignee") or "",
        )

    def ordering(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return str(data.get("sort") or "")
