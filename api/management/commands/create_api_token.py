from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from api.tokens import MAX_DAYS, token_create, token_default_days


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user and print it (shown once: only its hash is "
        "stored). Send it as 'Authorization: Bearer <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days the token is valid (1 to {MAX_DAYS}; default: REST_KNOX's TOKEN_TTL)",
        )

    def handle(
        self, *args: Any, username: str, name: str, days: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("user “%(username)s” does not exist") % {"username": username})
        if not user.is_active:
            raise CommandError(
                _("user “%(username)s” is inactive: its token would not work")
                % {"username": username}
            )
        try:
            created = token_create(
                user=user,
                name=name,
                days=token_default_days() if days is None else days,
                now=timezone.now(),
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(created.secret)
