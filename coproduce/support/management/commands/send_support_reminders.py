"""Remind the involvement team of support requests nobody has contacted within two days.

Run it from cron, for example every weekday morning: each request is listed at most once a day.
"""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.support import services


class Command(BaseCommand):
    help = "Email the involvement team about support requests waiting too long for first contact."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_waiting_reminders()
        self.stdout.write(f"Reminded the team about {count} waiting request(s).")
