from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from history.selectors import HistoryEntry, history_choice_label

UNKNOWN = _("Choose one of this organization's submitted or validated assessments from the list.")


class CompareForm(forms.Form):
    """The two assessments compared, from the query string. Only the entries given are choices:
    any other id (unknown, a draft, another organization's) is the same error."""

    a = forms.TypedChoiceField(
        label=_("First assessment"),
        coerce=int,
        error_messages={"required": _("Choose the first assessment."), "invalid_choice": UNKNOWN},
    )
    b = forms.TypedChoiceField(
        label=_("Second assessment"),
        coerce=int,
        error_messages={"required": _("Choose the second assessment."), "invalid_choice": UNKNOWN},
    )

    def __init__(self, *args: Any, entries: Sequence[HistoryEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = {entry.assessment.pk: entry for entry in entries}
        choices = [(pk, history_choice_label(entry)) for pk, entry in self.entries.items()]
        self.fields["a"].choices = choices  # type: ignore[attr-defined]
        self.fields["b"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("a") is not None and cleaned.get("a") == cleaned.get("b"):
            raise forms.ValidationError(
                _("Choose two different assessments."), code="same_assessment"
            )
        return cleaned

    def chosen(self) -> tuple[HistoryEntry, HistoryEntry] | None:
        """(from, to) when the choice is valid."""
        if not self.is_valid():
            return None
        return self.entries[self.cleaned_data["a"]], self.entries[self.cleaned_data["b"]]
