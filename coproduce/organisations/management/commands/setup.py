"""Set up a trust and its first administrator on an empty installation, for scripted installs.

    coproduce setup --trust-name "Riverside NHS Foundation Trust" --ods-code RV3 \
        --admin-email jane.smith@nhs.net [--admin-name "Jane Smith"] [--short-name Riverside]

Running it again with the same answers changes nothing. It never changes a trust that is
already here: a trust with the same name or ODS code but a different administrator is refused.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coproduce.accounts import services as accounts
from coproduce.accounts.models import Role, User
from coproduce.lib import ods
from coproduce.organisations import services


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split(".") if part)


class Command(BaseCommand):
    help = "Set up a trust and its first administrator on an empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trust-name", required=True, help="The trust's full name.")
        parser.add_argument("--ods-code", required=True, help="The trust's ODS code, like RV3.")
        parser.add_argument("--admin-email", required=True, help="The first administrator.")
        parser.add_argument("--admin-name", default="", help="Their full name.")
        parser.add_argument("--short-name", default="", help="A short name for the trust.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = " ".join(options["trust_name"].split())
        code = ods.normalise(options["ods_code"])
        email = options["admin_email"].strip().lower()
        if not name:
            raise CommandError("Give the trust's name with --trust-name.")
        if not ods.is_valid(code):
            raise CommandError(f"{options['ods_code']!r} is not an ODS code. {ods.FORMAT_MESSAGE}.")
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address.")

        existing = services.find_existing(name, code)
        if existing is not None:
            self._already_here(existing, name, code, email)
            return

        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            if user is not None and user.organisation_id is not None:
                raise CommandError(
                    f"{email} already belongs to {user.organisation}. Nothing has been changed."
                )
            invite = user is None
            if user is None:
                user = accounts.create_user(
                    organisation=None,
                    full_name=options["admin_name"].strip() or _name_from_email(email),
                    email=email,
                    roles=[Role.ADMINISTRATOR],
                    by=None,
                    send_invite=True,
                )
            organisation = services.create_organisation(
                name=name, ods_code=code, short_name=options["short_name"], administrator=user
            )
        self.stdout.write(self.style.SUCCESS(f"{organisation.name} ({code}) has been set up."))
        if invite:
            self.stdout.write(
                f"{email} is its administrator and has been sent an email to set a password."
            )
        else:
            self.stdout.write(f"{email} is its administrator and signs in as before.")
        self.stdout.write("Sign in and the Getting started checklist on the home page takes over.")

    def _already_here(self, existing: Any, name: str, code: str, email: str) -> None:
        same = (
            existing.name.casefold() == name.casefold()
            and existing.ods_code.upper() == code
            and existing.users.filter(
                email__iexact=email, role_grants__role=Role.ADMINISTRATOR
            ).exists()
        )
        if same:
            self.stdout.write(
                f"{existing.name} ({code}) is already set up with {email} as an administrator. "
                "Nothing has been changed."
            )
            return
        raise CommandError(
            f"A trust is already here as {existing.name} ({existing.ods_code or 'no ODS code'}). "
            "Setup never changes a trust that exists: nothing has been changed. Its "
            "administrators change it on the Organisation structure page."
        )
