from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.TextChoices):
    """Which organizations an organization is compared with."""

    ALL = "all", _("All organizations")
    COUNTRY = "country", _("Same country")
    REGION = "region", _("Same region")
    KIND = "kind", _("Same kind of organization")
    SIZE = "size", _("Same size (annual image volume)")
