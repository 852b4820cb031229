from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.demo import DEMO_ORGANIZATION, demo_data_create


class Command(BaseCommand):
    help = "Create (or refresh) the demo organization and users. Development only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(_("Demo data is for development only; it needs DEBUG=true."))
        logins = demo_data_create()
        self.stdout.write(_("Demo organization: %(name)s") % {"name": DEMO_ORGANIZATION})
        self.stdout.write(_("Demo logins (role, username, password):"))
        for login in logins:
            self.stdout.write(f"  {login.role:<12} {login.username:<18} {login.password}")
