"""`manage.py worker`: django-tasks' `db_worker` that also resumes export jobs whose worker died."""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reports.worker import requeue_thread_start


class Command(db_worker.Command):
    help = (
        "Run the background worker of the database queue (the options of db_worker); it also "
        "queues again the export jobs whose worker died, so they resume where they stopped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload, the parent process only watches the files: the child does the work.
        reloading = options["reload"] and not options["batch"]
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            requeue_thread_start()
        super().handle(*args, **options)
