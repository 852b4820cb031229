"""Forms of log-in and invitations. Writes happen in accounts.services, not in save()."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.selectors import organization_has_member_email
from accounts.services import invitation_email_normalize
from assessments.enums import Role
from assessments.models import Organization


class LoginForm(AuthenticationForm):
    """Django's log-in form, accepting a username or an e-mail address."""

    username = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username or e-mail address and password. "
            "The password is case-sensitive."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm copies the username's length (150); e-mail addresses are longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = "254"


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.CONTRIBUTOR,
        help_text=_(
            "Contributors answer the survey and attach evidence. Leads also manage the "
            "organization, its members and its assessments, and submit."
        ),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self) -> str:
        email = invitation_email_normalize(self.cleaned_data["email"])
        if organization_has_member_email(self.organization, email):
            raise forms.ValidationError(
                _("%(email)s is already a member of %(organization)s."),
                code="already_member",
                params={"email": email, "organization": self.organization.name},
            )
        return email


class InvitationSignupForm(UserCreationForm):  # type: ignore[type-arg]
    """The invited colleague chooses a username, gives a name and sets a password.

    Validation only (unique username, Django's password validators against the user's
    attributes, e-mail included); accounts.services.invitation_accept_new_user writes.
    """

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        kwargs.setdefault("instance", get_user_model()(email=email))
        super().__init__(*args, **kwargs)
