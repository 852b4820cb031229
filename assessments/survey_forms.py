"""The survey's forms: one small form per answer slot (a criterion, and an area for `area`
criteria), so that each slot saves, validates and conflicts on its own."""

import html
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.former_member import person_name
from assessments.answers import allowed_statuses
from assessments.enums import AnswerStatus
from assessments.models import Answer, Evidence
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea

MAX_COMMENT = 10_000
# The section page's inputs belong to this form through the HTML `form` attribute, so that the
# evidence forms of each answer can sit beside them (forms cannot be nested).
SECTION_FORM_ID = "section-form"
IN_SECTION_FORM = {"form": SECTION_FORM_ID}


def esc(value: object) -> str:
    """`conditional_escape` with the same output, for the many values of a section page's slots:
    without its checks for lazy strings, escaping was a sixth of the page's time."""
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    return html.escape(str(value))


def _normalize(text: str) -> str:
    # Browsers send textarea line breaks as CRLF; store and compare LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SlotForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=forms.RadioSelect(attrs=IN_SECTION_FORM),
        error_messages={"invalid_choice": _("Unknown status “%(value)s”.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2, **IN_SECTION_FORM}),
    )
    # What the page showed when it was loaded, to tell the user's changes from a colleague's.
    initial_status = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs=IN_SECTION_FORM)
    )
    initial_comment = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs=IN_SECTION_FORM), strip=False
    )
    version = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput(attrs=IN_SECTION_FORM)
    )
    # Set when a save conflicted: the colleague's version, which "Keep mine" overwrites.
    conflict_version = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput(attrs=IN_SECTION_FORM)
    )

    def __init__(
        self,
        *args: Any,
        criterion: Criterion,
        area: ServiceArea | None,
        answer: Answer | None,
        **kwargs: Any,
    ) -> None:
        status_value = answer.status if answer else ""
        comment_value = answer.comment if answer else ""
        kwargs.setdefault(
            "initial",
            {
                "status": status_value,
                "comment": comment_value,
                "initial_status": status_value,
                "initial_comment": comment_value,
                "version": answer.version if answer else 0,
            },
        )
        super().__init__(*args, **kwargs)
        labels = status_labels(get_language())
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [(value, labels[value]) for value in allowed_statuses(criterion)]
        self.group_name = group_name(criterion=criterion, area=area)
        if area is not None:
            status.label = area.name
            self.fields["comment"].label = _("Comment for %(area)s") % {"area": area.name}
        else:
            status.label = _("Answer to %(code)s") % {"code": criterion.code}
            self.fields["comment"].label = _("Comment on %(code)s") % {"code": criterion.code}

    def clean_comment(self) -> str:
        return _normalize(self.cleaned_data.get("comment") or "")

    def clean_initial_comment(self) -> str:
        return _normalize(self.cleaned_data.get("initial_comment") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("comment") and not data.get("status"):
            raise forms.ValidationError(
                _("Choose a status before saving a comment."), code="comment_without_status"
            )
        if not self.errors and not data.get("status") and self.touched:
            # An answer is never emptied: the radio buttons cannot be unselected, only a crafted
            # post sends a changed answer without a status.
            self.add_error(
                "status",
                forms.ValidationError(
                    _("Choose a status: an answer cannot be saved without one."),
                    code="status_required",
                ),
            )
        return data

    def inputs(self) -> "SlotInputs":
        """What the slot's template renders: plain values, so that a section page with 15 areas
        renders its hundreds of inputs fast (crispy's per-field templates cost ~4 ms a slot)."""
        status = self["status"]
        current = str(status.value() or "")
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        return SlotInputs(
            legend=str(field.label),
            group_name=self.group_name,
            status_name=status.html_name,
            choices=[
                Choice(
                    value=str(v), label=str(label), id=f"{status.auto_id}_{i}", checked=v == current
                )
                for i, (v, label) in enumerate(field.choices)
            ],
            status_errors=[str(e) for e in status.errors],
            comment_name=self["comment"].html_name,
            comment_id=self["comment"].auto_id,
            comment_label=str(self.fields["comment"].label),
            comment_value=str(self["comment"].value() or ""),
            comment_errors=[str(e) for e in self["comment"].errors],
            hidden=[
                (
                    self[name].html_name,
                    "" if self[name].value() is None else str(self[name].value()),
                )
                for name in ("initial_status", "initial_comment", "version")
            ],
        )

    @property
    def touched(self) -> bool:
        """Did the user change this slot since the page was loaded? (after is_valid())"""
        data = self.cleaned_data
        return (data.get("status") or "", data.get("comment") or "") != (
            data.get("initial_status") or "",
            data.get("initial_comment") or "",
        )


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class SlotInputs:
    legend: str
    group_name: str  # what a screen reader announces for the radio group, when not the legend
    status_name: str
    choices: list[Choice]
    status_errors: list[str]
    comment_name: str
    comment_id: str
    comment_label: str
    comment_value: str
    comment_errors: list[str]
    hidden: list[tuple[str, str]]
    disabled: bool = False  # the assessment closed while the page was open

    # The radio group and the hidden inputs are rendered here rather than in slot.html: a section
    # page repeats them for every slot (30 with 15 areas), where the template engine's per-node
    # cost was a third of the page's time. The HTML is the one the template wrote.
    def radios_html(self) -> SafeString:
        invalid = " is-invalid" if self.status_errors else ""
        disabled = " disabled" if self.disabled else ""
        name = esc(self.status_name)
        return mark_safe(  # every value is escaped
            "".join(
                f'<div class="form-check"><input type="radio" class="form-check-input{invalid}"'
                f' name="{name}" value="{esc(choice.value)}"'
                f' form="{SECTION_FORM_ID}" id="{esc(choice.id)}"'
                f"{' checked' if choice.checked else ''}{disabled}>"
                f'<label for="{esc(choice.id)}" class="form-check-label">'
                f"{esc(choice.label)}</label></div>"
                for choice in self.choices
            )
        )

    def html(self, *, key: str) -> SafeString:
        """The slot's inputs (slot.html, an editable slot): legend and radio group, comment,
        hidden inputs. Line breaks and indents as the template had them."""
        comment_id = esc(self.comment_id)
        invalid = " is-invalid" if self.comment_errors else ""
        disabled = " disabled" if self.disabled else ""
        textarea = (
            f'rows="2" maxlength="{MAX_COMMENT}" form="{SECTION_FORM_ID}"'
            f' class="form-control{invalid}"{disabled}'
        )
        status_errors = "".join(
            f'<div class="invalid-feedback d-block">{esc(e)}</div>' for e in self.status_errors
        )
        comment_errors = "".join(
            f'<div class="invalid-feedback">{esc(e)}</div>' for e in self.comment_errors
        )
        legend = esc(self.legend)
        if self.group_name:
            # The matrix shows the area only, under the criterion's heading; heard alone, the
            # group says which criterion it answers too.
            legend = (
                f'<span class="visually-hidden">{esc(self.group_name)}</span>'
                f'<span aria-hidden="true">{legend}</span>'
            )
        return mark_safe(  # every value is escaped
            f"""
  <div class="row g-2">
    <div class="col-xl-7">
      <fieldset class="mb-2">
        <legend class="form-label fs-6">{legend}</legend>
        {self.radios_html()}
        {status_errors}
      </fieldset>
    </div>
    <div class="col-xl-5 mb-2">
      <label for="{comment_id}" class="form-label">{esc(self.comment_label)}</label>
      <textarea name="{esc(self.comment_name)}" id="{comment_id}" {textarea}\
>{esc(self.comment_value)}</textarea>
      {comment_errors}
    </div>
  </div>
  <div id="{esc(key)}-hidden">{self.hidden_html()}</div>
  """
        )

    def hidden_html(self) -> SafeString:
        return mark_safe(  # every value is escaped
            "".join(
                f'<input type="hidden" name="{esc(name)}"'
                f' value="{esc(value)}" form="{SECTION_FORM_ID}">'
                for name, value in self.hidden
            )
        )


@lru_cache(maxsize=4096)
def short_datetime(value: datetime, language: str | None, timezone: str) -> str:
    """A time as the templates' `SHORT_DATETIME_FORMAT` shows it in this language and time
    zone: a section page shows one per answer, mostly the same ones on every request."""
    return date_format(template_localtime(value), "SHORT_DATETIME_FORMAT")


def group_name(*, criterion: Criterion, area: ServiceArea | None) -> str:
    """The accessible name of an area's radio group: its legend shows the area only."""
    if area is None:
        return ""  # the legend names the criterion
    return gettext("Answer to %(code)s for %(area)s") % {"code": criterion.code, "area": area.name}


@lru_cache(maxsize=16)
def status_labels(language: str | None) -> dict[str, str]:
    """The statuses' labels in this language, translated once rather than for every slot."""
    return {value: str(label) for value, label in AnswerStatus.choices}


def slot_inputs(
    *, key: str, criterion: Criterion, area: ServiceArea | None, answer: Answer | None
) -> SlotInputs:
    """What an unbound SlotForm's `inputs()` gives, from plain values: a section page shows its
    slots without building a form each (30 forms for 15 areas cost more than the page's queries)."""
    status = answer.status if answer else ""
    comment = answer.comment if answer else ""
    labels = status_labels(get_language())
    if area is not None:
        legend = area.name
        comment_label = _("Comment for %(area)s") % {"area": area.name}
    else:
        legend = _("Answer to %(code)s") % {"code": criterion.code}
        comment_label = _("Comment on %(code)s") % {"code": criterion.code}
    return SlotInputs(
        legend=str(legend),
        group_name=group_name(criterion=criterion, area=area),
        status_name=f"{key}-status",
        choices=[
            Choice(
                value=value,
                label=labels[value],
                id=f"id_{key}-status_{i}",
                checked=value == status,
            )
            for i, value in enumerate(allowed_statuses(criterion))
        ],
        status_errors=[],
        comment_name=f"{key}-comment",
        comment_id=f"id_{key}-comment",
        comment_label=str(comment_label),
        comment_value=comment,
        comment_errors=[],
        hidden=[
            (f"{key}-initial_status", status),
            (f"{key}-initial_comment", comment),
            (f"{key}-version", str(answer.version if answer else 0)),
        ],
    )


@dataclass
class Slot:
    key: str
    criterion: Criterion
    area: ServiceArea | None
    answer: Answer | None
    # Built only for a slot that was posted: the page shows the others from plain values.
    form: SlotForm | None = None
    evidence: list[Evidence] = field(default_factory=list)
    conflict: Answer | None = None  # the colleague's answer when a save conflicted
    state: str = ""  # "", "saved", "conflict", "error"
    editable: bool = False

    @property
    def inputs(self) -> SlotInputs:
        if self.form is not None:
            inputs = self.form.inputs()
        else:
            inputs = slot_inputs(
                key=self.key, criterion=self.criterion, area=self.area, answer=self.answer
            )
        return replace(inputs, disabled=True) if self.state == "closed" else inputs

    @property
    def inputs_html(self) -> SafeString:
        return self.inputs.html(key=self.key)

    @property
    def last_changed(self) -> SafeString:
        """Who changed the stored answer last, and when ("" without an answer)."""
        answer = self.answer
        if answer is None:
            return SafeString("")
        # "former member" for a deleted user's placeholder (accounts.former_member).
        who = person_name(answer.updated_by) or "—"
        when = short_datetime(answer.updated_at, get_language(), get_current_timezone_name())
        return mark_safe(  # the values are escaped
            gettext("Last changed by %(who)s, %(when)s") % {"who": esc(who), "when": esc(when)}
        )

    @property
    def evidence_summary(self) -> SafeString:
        count = len(self.evidence)
        text = ngettext("Evidence (%(counter)s file)", "Evidence (%(counter)s files)", count)
        return mark_safe(text % {"counter": count})  # a number

    @property
    def evidence_panel_url(self) -> str:
        """The evidence panel of the slot's answer (which the page shows only with an answer)."""
        assert self.answer is not None
        return evidence_panel_url(assessment_id=self.answer.assessment_id, answer_id=self.answer.pk)

    @property
    def errors(self) -> list[str]:
        """The posted slot's errors that belong to no input (none when it was not posted)."""
        return [str(e) for e in self.form.non_field_errors()] if self.form is not None else []

    @property
    def mine(self) -> tuple[str, str]:
        """The status and comment the user posted (the stored ones when nothing was posted)."""
        if self.form is not None:
            return (
                str(self.form["status"].value() or ""),
                str(self.form["comment"].value() or ""),
            )
        return (self.answer.status, self.answer.comment) if self.answer else ("", "")


# Placeholders for the ids in a URL reversed once: a section page links 30 answers' panels, and
# reverse() costs more than the rest of a slot's evidence part.
_ASSESSMENT_ID = "1000000001"
_ANSWER_ID = "1000000002"


@lru_cache(maxsize=16)
def _evidence_panel_pattern(urlconf: object, script_prefix: str) -> str:
    return reverse("evidence_panel", urlconf=urlconf, args=[_ASSESSMENT_ID, _ANSWER_ID])


def evidence_panel_url(*, assessment_id: int, answer_id: int) -> str:
    pattern = _evidence_panel_pattern(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return pattern.replace(_ASSESSMENT_ID, str(assessment_id)).replace(_ANSWER_ID, str(answer_id))


def slot_key(criterion: Criterion, area: ServiceArea | None) -> str:
    # Criterion codes contain a dot ("2.1"), which is fine in names but not in CSS ids.
    code = criterion.code.replace(".", "_")
    return f"s-{code}-{area.code}" if area is not None else f"s-{code}"


def slot_places(
    criteria: list[Criterion], areas: list[ServiceArea]
) -> dict[str, tuple[Criterion, ServiceArea | None]]:
    """Each slot's key -> its criterion and area (None for criteria answered once)."""
    places: dict[str, tuple[Criterion, ServiceArea | None]] = {}
    for criterion in criteria:
        slot_areas: list[ServiceArea | None] = (
            list(areas) if criterion.scope == Scope.AREA else [None]
        )
        for area in slot_areas:
            places[slot_key(criterion, area)] = (criterion, area)
    return places


def build_slots(
    *,
    criteria: list[Criterion],
    areas: list[ServiceArea],
    answers: dict[tuple[int, int | None], Answer],
    evidence: dict[int, list[Evidence]],
    data: Any = None,
) -> dict[str, Slot]:
    """The slots of these criteria; with `data` (a post), each with its bound form."""
    slots: dict[str, Slot] = {}
    for key, (criterion, area) in slot_places(criteria, areas).items():
        answer = answers.get((criterion.pk, area.pk if area else None))
        slots[key] = Slot(
            key=key,
            criterion=criterion,
            area=area,
            answer=answer,
            form=(
                SlotForm(data, prefix=key, criterion=criterion, area=area, answer=answer)
                if data is not None
                else None
            ),
            evidence=evidence.get(answer.pk, []) if answer else [],
        )
    return slots
