from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else str(obj.username)


class SectionAssignmentForm(forms.Form):
    """Who answers one section, and by when (prefixed with the section's slug on the page)."""

    assignee = AssigneeChoiceField(
        label=_("Assigned to"), queryset=None, empty_label=_("Choose a member")
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the due date as a date, like 2026-06-30.")},
    )

    def __init__(
        self, *args: Any, members: QuerySet[AbstractBaseUser], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["assignee"].queryset = members  # type: ignore[attr-defined]
        self.fields["assignee"].error_messages["invalid_choice"] = _(
            "Choose an active member of the organization."
        )
        self.fields["due_date"].widget.attrs["min"] = today.isoformat()
        self.fields["assignee"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["due_date"].widget.attrs["class"] = "form-control form-control-sm"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def clean_due_date(self) -> date:
        due_date: date = self.cleaned_data["due_date"]
        if due_date < self.today:
            raise forms.ValidationError(_("Choose a due date from today on."))
        return due_date
