"""Recompute the monthly involvement measure from the dated records.

coproduce rebuild_involvement_measure            # every organisation, from scratch
coproduce rebuild_involvement_measure --extend   # only bring it up to today: the new month,
                                                 # and anything dated since (run daily)
coproduce rebuild_involvement_measure --pending  # only trusts still waiting for a new rule
                                                 # to be worked in (run hourly, in case a
                                                 # background task was lost or failed)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.involvement import measure, tasks
from coproduce.involvement.models import InvolvementSettings
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Recompute the monthly involvement measure from the dated records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--extend",
            action="store_true",
            help="Only bring each organisation up to today: a new month, and anything dated since "
            "the last run (cheap; run daily).",
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only organisations whose new involvement rule is not yet worked into the "
            "measure (cheap when there are none; run hourly).",
        )
        parser.add_argument("--organisation", type=int, help="Only this organisation (its id).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("pk")
        if options["organisation"]:
            organisations = organisations.filter(pk=options["organisation"])
        if options["pending"]:
            waiting = [
                own.organisation_id
                for own in InvolvementSettings.objects.filter(organisation__in=organisations)
                if own.recalculating
            ]
            for organisation_id in waiting:
                # The task itself, run here: it locks the settings and does nothing if a worker
                # has finished the same rebuild meanwhile.
                stored = tasks.rebuild_measure.call(organisation_id)
                self.stdout.write(f"Organisation {organisation_id}: {stored} project-months")
            self.stdout.write(f"{len(waiting)} organisation(s) were waiting for a new rule.")
            return
        for organisation in organisations:
            if options["extend"]:
                own = measure.ensure_current(organisation)
                self.stdout.write(f"{organisation}: measured through {own.measured_through}")
            else:
                stored = measure.rebuild(organisation)
                self.stdout.write(f"{organisation}: {stored} project-months")
