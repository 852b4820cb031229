from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from api.tokens import MAX_DAYS, MAX_NAME, token_default_days


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME,
        help_text=_("What the token is for, e.g. the system that will use it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("The token stops working after this many days."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": token_default_days()})
        super().__init__(*args, **kwargs)
