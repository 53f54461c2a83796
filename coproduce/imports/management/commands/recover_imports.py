"""Find imports whose worker was lost (killed or restarted mid-way) and offer them again.

coproduce recover_imports    # run every few minutes from cron; does nothing when all is well

A lost import wrote nothing (imports are all or nothing). Its page then says it stopped and
offers "Try again". The job's own page does the same when someone opens it; this command makes
the list of recent imports right without anyone having to look.
"""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.imports import services


class Command(BaseCommand):
    help = "Mark imports whose worker stopped renewing its lease as stopped, to be tried again."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.recover_lost_jobs()
        self.stdout.write(f"{count} stopped {'import' if count == 1 else 'imports'} offered again")
