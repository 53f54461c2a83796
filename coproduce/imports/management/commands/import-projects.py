"""Import projects from a CSV or XLSX file with a saved column matching, as the page does."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.accounts.models import User
from coproduce.imports import services
from coproduce.imports.models import ImportMapping
from coproduce.lib import tabular


class Command(BaseCommand):
    help = (
        "Import projects (with their teams and involvement) from a CSV or XLSX file, using a "
        "column matching saved on the import page. All or nothing; projects already here are "
        "updated by their external reference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", required=True, help="The saved column matching's name")
        parser.add_argument(
            "--as",
            dest="as_user",
            required=True,
            help="Email address of the person importing (involvement team or administrator)",
        )
        parser.add_argument(
            "--check", action="store_true", help="Check the file and say what would change"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["as_user"], is_active=True).first()
        if user is None or user.organisation is None:
            raise CommandError(f"No active person with the email address {options['as_user']}")
        if not user.has_perm("imports.import_projects"):
            raise CommandError(f"{user.email} may not import projects")
        mapping = ImportMapping.objects.filter(
            organisation=user.organisation, name=options["mapping"]
        ).first()
        if mapping is None:
            names = ", ".join(
                ImportMapping.objects.filter(organisation=user.organisation).values_list(
                    "name", flat=True
                )
            )
            raise CommandError(
                f"No saved column matching called {options['mapping']}"
                + (f"; saved ones are: {names}" if names else "")
            )
        path: Path = options["file"]
        try:
            table = tabular.read(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except tabular.UnreadableFile as error:
            raise CommandError(f"{path}: {error}") from None
        try:
            plan = services.check(user.organisation, table, mapping.columns)
            if plan.problems:
                raise services.ImportRefused(plan.problems)
            if options["check"]:
                counts = plan.counts()
            else:
                counts = services.apply(user.organisation, plan, by=user)
        except services.ImportRefused as refusal:
            for problem in refusal.problems:
                column = f", column {problem['column']}" if problem["column"] else ""
                self.stderr.write(f"Row {problem['row']}{column}: {problem['message']}")
            raise CommandError(
                refusal.message or f"{len(refusal.problems)} problems; nothing was imported"
            ) from None
        verb = "would be" if options["check"] else "were"
        self.stdout.write(
            f"{counts['new']} projects {verb} added, {counts['changed']} changed, "
            f"{counts['unchanged']} already up to date"
        )
