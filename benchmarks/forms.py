from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.enums import PeerGroup


class BenchmarkForm(forms.Form):
    """The page's choices, from the query string: bad values fall back to the defaults."""

    peers = forms.ChoiceField(label=_("Compare with"), choices=PeerGroup.choices, required=False)
    self_assessed = forms.BooleanField(
        label=_("Also count submitted self-assessments of organizations without a validation"),
        required=False,
    )

    def choices(self) -> tuple[str, bool]:
        """(peer group, include self-assessed results)."""
        if not self.is_valid():
            return PeerGroup.ALL, False
        return (
            self.cleaned_data["peers"] or PeerGroup.ALL,
            self.cleaned_data["self_assessed"],
        )
