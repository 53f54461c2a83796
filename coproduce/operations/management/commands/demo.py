"""`coproduce demo`: load realistic demo data once; running it again changes nothing."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coproduce.operations.demo import DEMO_PASSWORD, DemoContext, DemoRefused


class Command(BaseCommand):
    help = "Load demo data (a trust, its people and projects) with demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"password for every demo sign-in (default: {DEMO_PASSWORD})",
        )
        parser.add_argument("--quiet", action="store_true", help="print nothing on success")
        parser.add_argument(
            "--list", action="store_true", help="only print the demo sign-ins; load nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            from coproduce.accounts.demo import sign_in_lines

            for line in sign_in_lines(options["password"]):
                self.stdout.write(line)
            return
        lines: list[str] = []
        context = DemoContext(password=options["password"], write=lines.append)
        try:
            with transaction.atomic():
                for path in settings.DEMO_LOADERS:
                    import_module(path).load(context)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if not options["quiet"]:
            for line in lines:
                self.stdout.write(line)
