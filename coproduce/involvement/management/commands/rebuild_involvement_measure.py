"""Recompute the monthly involvement measure from the dated records.

coproduce rebuild_involvement_measure            # every organisation, from scratch
coproduce rebuild_involvement_measure --extend   # only add the new month (run monthly)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.involvement import measure
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Recompute the monthly involvement measure from the dated records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--extend",
            action="store_true",
            help="Only bring each organisation up to the current month (cheap; run monthly).",
        )
        parser.add_argument("--organisation", type=int, help="Only this organisation (its id).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("pk")
        if options["organisation"]:
            organisations = organisations.filter(pk=options["organisation"])
        for organisation in organisations:
            if options["extend"]:
                own = measure.ensure_current(organisation)
                self.stdout.write(f"{organisation}: measured through {own.measured_through}")
            else:
                stored = measure.rebuild(organisation)
                self.stdout.write(f"{organisation}: {stored} project-months")
