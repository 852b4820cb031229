"""Forms of the organization pages: profile, members, new assessment and its service areas."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from assessments.enums import OrganizationKind, Role
from assessments.models import Membership
from criteria.models import CatalogVersion, ServiceArea

DEFAULT_CATALOG_SLUG = "diam"


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    # A callable: the names are those of the request's language, and sorted in it (a list of
    # `countries` made once would keep the language of the first request for the process).
    country = forms.ChoiceField(label=_("Country"), choices=lambda: list(countries))
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=OrganizationKind.choices)
    language = forms.ChoiceField(
        label=_("Language of the PDF scorecards"),
        choices=lambda: [("", _("Site default")), *settings.LANGUAGES],
        required=False,
    )


class MemberActionForm(forms.Form):
    """One of the per-member buttons of the members page: change the role, or remove."""

    ROLE = "role"
    REMOVE = "remove"

    action = forms.ChoiceField(choices=[(ROLE, _("Change role")), (REMOVE, _("Remove"))])
    membership = forms.ModelChoiceField(queryset=Membership.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, required=False)

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = memberships
        field.error_messages["invalid_choice"] = _("This person is not a member any more.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == self.ROLE and not data.get("role") and not self.has_error("role"):
            self.add_error("role", _("Choose a role."))
        return data


@dataclass
class AreaRow:
    area: ServiceArea
    active: forms.BoundField
    volume: forms.BoundField
    answers: int = 0


class AreasForm(forms.Form):
    """One row per service area: an "active" checkbox and an annual image volume.

    `active` gives the areas to show as active (code -> volume or None) when the form is unbound.
    """

    def __init__(
        self,
        *args: Any,
        service_areas: list[ServiceArea],
        active: dict[str, int | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service_areas = service_areas
        self.active_before = dict(active)
        for area in service_areas:
            self.fields[self._active_name(area.code)] = forms.BooleanField(
                label=area.name,
                required=False,
                initial=area.code in active,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[self._volume_name(area.code)] = forms.IntegerField(
                label=_("Annual image volume of %(area)s") % {"area": area.name},
                required=False,
                min_value=0,
                initial=active.get(area.code),
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "min": 0, "step": 1, "inputmode": "numeric"}
                ),
            )

    @staticmethod
    def _active_name(code: str) -> str:
        return f"area_{code}_active"

    @staticmethod
    def _volume_name(code: str) -> str:
        return f"area_{code}_volume"

    def area_rows(self) -> Iterator[AreaRow]:
        for area in self.service_areas:
            yield AreaRow(
                area=area,
                active=self[self._active_name(area.code)],
                volume=self[self._volume_name(area.code)],
            )

    def full_clean(self) -> None:
        super().full_clean()
        # Mark the invalid inputs the template renders itself (crispy does it for the others).
        for name in self.errors:
            if name.startswith("area_") and name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.areas():
            raise forms.ValidationError(
                _("Choose at least one active service area."), code="no_area"
            )
        return data

    def areas(self) -> dict[str, int | None]:
        """The active areas (code -> annual volume or None), from the cleaned data."""
        data = self.cleaned_data
        return {
            area.code: data.get(self._volume_name(area.code))
            for area in self.service_areas
            if data.get(self._active_name(area.code))
        }


def assessment_title_default(year: int) -> str:
    """The title a new assessment is offered (the view makes it unique with a number)."""
    return str(_("DIAM self-assessment %(year)d") % {"year": year})


class AssessmentCreateForm(AreasForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    catalog = forms.ModelChoiceField(
        label=_("Catalog version"), queryset=CatalogVersion.objects.all(), empty_label=None
    )

    def __init__(self, *args: Any, title: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = title
        catalog = self.fields["catalog"]
        assert isinstance(catalog, forms.ModelChoiceField)
        catalog.initial = catalog.queryset.filter(slug=DEFAULT_CATALOG_SLUG).first()


class AssessmentAreasForm(AreasForm):
    """The active areas of an existing assessment; removing areas with answers needs a tick."""

    confirm = forms.BooleanField(
        label=_("I understand that the answers of the removed service areas will be deleted."),
        required=False,
    )

    def __init__(self, *args: Any, answer_counts: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer_counts = answer_counts

    def area_rows(self) -> Iterator[AreaRow]:
        for row in super().area_rows():
            row.answers = self.answer_counts.get(row.area.code, 0)
            yield row

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        removed = set(self.active_before) - set(self.areas())
        deleted = sum(self.answer_counts.get(code, 0) for code in removed)
        if deleted and not data.get("confirm"):
            names = ", ".join(area.name for area in self.service_areas if area.code in removed)
            self.add_error(
                "confirm",
                ngettext(
                    "Removing %(areas)s deletes %(count)d answer. Tick “I understand” to go on.",
                    "Removing %(areas)s deletes %(count)d answers. Tick “I understand” to go on.",
                    deleted,
                )
                % {"areas": names, "count": deleted},
            )
        return data
