from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app, or (where allowed) a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: object, recovery_allowed: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if recovery_allowed:
            self.fields["code"].help_text = _(
                "The six digits your authenticator app shows, or one of your recovery codes."
            )
        else:
            self.fields["code"].help_text = _("The six digits your authenticator app shows.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
