from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from assessments.engine import HIGHEST_STAGE
from plans.enums import PlanItemStatus
from plans.services import NOTE_MAX_LENGTH

DATE_ERROR = _("Enter the date as a date, like 2026-06-30.")


class _BootstrapForm(forms.Form):
    """Bootstrap classes on every input, and the invalid ones marked for assistive technology."""

    small = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        size = " form-select-sm" if self.small else ""
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select" + size
            elif not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-control" + size.replace("select", "control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-errors"


class PlanTargetForm(_BootstrapForm):
    target_stage = forms.TypedChoiceField(
        label=_("Target stage"),
        coerce=int,
        choices=[("", _("Choose a stage"))]
        + [(n, _("Stage %(n)s") % {"n": n}) for n in range(1, HIGHEST_STAGE + 1)],
        error_messages={
            "required": _("Choose a target stage from 1 to 7."),
            "invalid_choice": _("Choose a target stage from 1 to 7."),
        },
    )
    target_date = forms.DateField(
        label=_("Target date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the target date."), "invalid": DATE_ERROR},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_date"].widget.attrs["min"] = today.isoformat()


class PlanPathForm(forms.Form):
    path = forms.ChoiceField(
        label=_("Way to the target"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the ways shown."),
            "invalid_choice": _("Choose one of the ways shown."),
        },
    )

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["path"].choices = [(key, key) for key in keys]  # type: ignore[attr-defined]


class PlanItemForm(_BootstrapForm):
    """An item's owner, due date, status and note (prefixed with the item's id on the page)."""

    small = True
    owner = forms.TypedChoiceField(
        label=_("Owner"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an active member of the organization.")},
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PlanItemStatus.choices,
        error_messages={
            "required": _("Choose open, in progress or done."),
            "invalid_choice": _("Choose open, in progress or done."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1}),
        error_messages={"max_length": _("Keep the note under 2000 characters.")},
    )

    def __init__(self, *args: Any, members: list[AbstractBaseUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from a list read once for the page, not a queryset per item's form.
        self.members = {user.pk: user for user in members}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [  # type: ignore[attr-defined]
            (user.pk, _display(user)) for user in members
        ]

    def clean_owner(self) -> AbstractBaseUser | None:
        pk = self.cleaned_data.get("owner")
        return None if pk is None else self.members[pk]


def _display(user: Any) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else str(user.username)
