from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken


class ApiTokenName(models.Model):
    """The name of a personal API token. Knox's AuthToken holds the rest: the user, the hashed
    token (never the token itself), its first characters and its expiry."""

    token = models.OneToOneField(
        AuthToken, on_delete=models.CASCADE, primary_key=True, related_name="api_name"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("API token name")
        verbose_name_plural = _("API token names")

    def __str__(self) -> str:
        return self.name
