"""`manage.py api_token <email>`: print the user's API token, creating it if needed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token

from hrflow.accounts.models import User
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record


class Command(BaseCommand):
    help = (
        "Print the REST API token of the user with this e-mail address, creating it "
        "if needed (--rotate replaces it). The token acts with the user's roles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace an existing token with a new one."
        )

    def handle(self, *args: Any, email: str, rotate: bool, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}.")
        if not user.is_active:
            raise CommandError(f"{user.email} is deactivated; tokens of inactive users never work.")
        with transaction.atomic():
            if rotate:
                Token.objects.filter(user=user).delete()
            token, created = Token.objects.get_or_create(user=user)
            if created:
                audit_record(
                    actor=None,
                    action="accounts.api_token_rotate" if rotate else "accounts.api_token_create",
                    target=user,
                )
        if not user_roles(user):
            self.stderr.write(f"Warning: {user.email} has no role, so the API shows them nothing.")
        self.stdout.write(token.key)
