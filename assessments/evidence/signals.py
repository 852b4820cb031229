"""Signal receivers of evidence files (connected in AssessmentsConfig.ready)."""

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from assessments.models import Evidence

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence_file_delete")
def evidence_file_delete(sender: type[Evidence], instance: Evidence, **kwargs: Any) -> None:
    """However an evidence row goes (its own delete, a queryset's, the cascade from its answer,
    area, assessment or organization, the admin), its confidential file goes too, once the
    transaction commits: a rollback keeps both."""
    storage, name = instance.file.storage, instance.file.name
    if not name:
        return

    def delete_file() -> None:
        storage.delete(name)
        logger.info("Evidence file %s deleted", name)

    # robust: a file that cannot be deleted is logged (and later listed by evidence_orphans),
    # not turned into an error after the data is committed.
    transaction.on_commit(delete_file, robust=True)
