"""Remind pool members once about invitations they have not answered. Run daily from cron."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.matching import services


class Command(BaseCommand):
    help = "Email a reminder about invitations still waiting for a reply after some days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--after-days",
            type=int,
            default=5,
            help="Remind about invitations sent at least this many days ago (default 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_reminders(after_days=options["after_days"])
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}")
