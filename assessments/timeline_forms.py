"""The timeline's filters: section, person and kind of change (GET parameters)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.audit import KIND_LABELS, TimelineEntry, timeline_people
from assessments.sections import Section


class TimelineFilterForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)
    kind = forms.ChoiceField(label=_("Kind of change"), required=False)

    def __init__(
        self, *args: Any, sections: list[Section], entries: list[TimelineEntry], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = {entry.kind for entry in entries}
        choices = {
            "section": [("", _("All sections")), *((s.slug, s.heading) for s in sections)],
            "person": [("", _("Everyone")), *timeline_people(entries)],
            "kind": [
                ("", _("All changes")),
                *((kind, label) for kind, label in KIND_LABELS.items() if kind in kinds),
            ],
        }
        for name, field_choices in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = field_choices
            field.widget.attrs["class"] = "form-select form-select-sm"
