"""Vocabularies of the conversations on answers and of the rework list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Who a message speaks for, fixed when it is written (a role may change later)."""

    ASSESSOR = "assessor", _("Assessor")
    ORGANIZATION = "organization", _("Organization")


class ReworkState(models.TextChoices):
    """A challenged answer: still to do, or done (changed, or answered in its thread)."""

    TO_DO = "to_do", _("To do")
    CHANGED = "changed", _("Changed")
    ANSWERED = "answered", _("Answered")
