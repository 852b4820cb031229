"""E-mail the leads of organizations whose validation expires in 90 or 30 days (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments.expiry import expiry_notices_send


class Command(BaseCommand):
    help = (
        "E-mail the leads of each organization whose latest validation expires within 90 days, "
        "and again within 30 days; once per validation and threshold, so it is safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = expiry_notices_send(today=timezone.localdate(), now=timezone.now())
        self.stdout.write(f"{sent} expiry notice(s) sent.")
