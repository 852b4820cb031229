"""The admin export page's form: which assessments, and what to make of them."""

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from assessments.enums import AssessmentStatus, OrganizationKind
from assessments.models import Organization
from reports.enums import ExportOutput

ANY = ("", _("Any"))


class ExportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[ANY, *AssessmentStatus.choices], required=False
    )
    country = forms.ChoiceField(label=_("Country"), choices=[ANY], required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organization"), choices=[ANY, *OrganizationKind.choices], required=False
    )
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        help_text=_("The validated stage, or the self-assessed one when not validated yet."),
        choices=[ANY, *((str(n), str(n)) for n in range(8))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_field = forms.ChoiceField(
        label=_("Dates apply to"),
        choices=[("created", _("Created")), ("submitted", _("Submitted"))],
        initial="created",
        widget=forms.RadioSelect,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    output = forms.ChoiceField(
        label=_("Export"),
        choices=ExportOutput.choices,
        initial=ExportOutput.ANSWERS_CSV,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the countries that have organizations: the full list is 250 names long.
        present = set(Organization.objects.values_list("country", flat=True).distinct())
        self.fields["country"].choices = [
            ANY,
            *((code, name) for code, name in countries if code in present),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Assessments"),
                Row(Column("status"), Column("country"), Column("kind"), Column("stage")),
                Row(Column("date_field"), Column("date_from"), Column("date_to")),
            ),
            Fieldset(_("Output"), "output"),
            Submit("submit", _("Export")),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from: date | None = cleaned.get("date_from")
        date_to: date | None = cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of `assessment_export_filter`."""
        return {name: self.cleaned_data[name] for name in FILTER_FIELDS}

    def filters_for_display(self) -> dict[str, str]:
        """The filters that were set, as text (stored with a background job)."""
        shown = {}
        for name in FILTER_FIELDS:
            value = self.cleaned_data[name]
            if value in (None, ""):
                continue
            if name == "date_field" and not (
                self.cleaned_data["date_from"] or self.cleaned_data["date_to"]
            ):
                continue
            shown[name] = value.isoformat() if isinstance(value, date) else str(value)
        return shown


FILTER_FIELDS = ("status", "country", "kind", "stage", "date_field", "date_from", "date_to")
