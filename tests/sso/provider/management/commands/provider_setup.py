"""Creates what the test provider needs: its tables, an RSA signing key, one client application
and its users (`username:email:verified`, all with the password PASSWORD)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from jwcrypto import jwk
from oauth2_provider.models import Application

from tests.sso.provider.people import PASSWORD, VERIFIED_GROUP


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument("--user", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = Path(settings.KEY_FILE)
        if not key_file.is_file():
            key = jwk.JWK.generate(kty="RSA", size=2048)
            key_file.write_bytes(key.export_to_pem(private_key=True, password=None))
        call_command("migrate", verbosity=0)
        Application.objects.create(
            name="DIAM self-assessment",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=options["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        verified, _ = Group.objects.get_or_create(name=VERIFIED_GROUP)
        for entry in options["user"]:
            username, email, is_verified = entry.split(":")
            user = User.objects.create_user(username, email=email, password=PASSWORD)
            if is_verified == "yes":
                user.groups.add(verified)
