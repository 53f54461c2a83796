"""Email session reminders (two days ahead) and refresher reminders (30 days before expiry).

Run it from cron, for example hourly: each reminder is sent once, however often it runs.
"""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.training import services


class Command(BaseCommand):
    help = "Send training session reminders and refresher reminders that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = services.send_session_reminders()
        refreshers = services.send_refresher_reminders()
        self.stdout.write(
            f"Sent {sessions} session reminder(s) and {refreshers} refresher reminder(s)."
        )
