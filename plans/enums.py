from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanItemStatus(models.TextChoices):
    """A plan item's state; only `services.plan_item_status_set` changes it."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
