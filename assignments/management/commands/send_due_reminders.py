"""E-mail contributors whose assigned sections, and owners whose improvement plan items, are due
soon (run daily by a scheduled task)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from assignments.services import REMINDER_DAYS_DEFAULT, due_reminders_send
from plans.services import plan_item_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail a reminder for every assigned section due within the next N days that still "
        "misses required answers, and for every improvement plan item not done due within "
        "them; once per assignment or item and due date, so it is safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS_DEFAULT,
            help=f"how many days ahead to look (default {REMINDER_DAYS_DEFAULT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}")
        today, now = timezone.localdate(), timezone.now()
        sent = due_reminders_send(today=today, days=days, now=now)
        sent += plan_item_reminders_send(today=today, days=days, now=now)
        self.stdout.write(f"{sent} reminder(s) sent.")
