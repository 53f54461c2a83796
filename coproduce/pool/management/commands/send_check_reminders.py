"""Email reminders about pool members' checks (DBS, references...) that are running out.

Run it from cron, for example daily: each reminder (60, 30 and 7 days before a check runs out,
and once when it has run out) is sent once per check, however often it runs.
"""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.pool import services


class Command(BaseCommand):
    help = (
        "Tell the involvement team, and each person taking part, about checks that run out in "
        "60, 30 or 7 days or have run out. Each reminder goes once per check."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.send_check_reminders()
        self.stdout.write(
            f"Reminded about {result.checks} check(s): {result.member_notes} note(s) to "
            f"members and {result.team_summaries} summary email(s) to involvement teams."
        )
        if result.organisations_without_team:
            self.stderr.write(
                f"{result.organisations_without_team} organisation(s) have no active involvement "
                "team member to email and no team email address of their own; their checks are "
                "on the Checks running out page."
            )
