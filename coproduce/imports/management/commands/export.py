"""Write a list (projects, pool, claims, training, support) to CSV or XLSX, as a person sees it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.accounts.models import User
from coproduce.imports import exports


class Command(BaseCommand):
    help = (
        "Export a list as CSV or XLSX with the same rows, filters and permissions as its page, "
        "e.g. coproduce export projects --as cora@example.org --filter status=active -o p.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", choices=sorted(exports.EXPORTS))
        parser.add_argument("--as", dest="as_user", required=True, help="Whose view of the list")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter from the list page's address, e.g. status=active (repeatable)",
        )
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["as_user"], is_active=True).first()
        if user is None or user.organisation is None:
            raise CommandError(f"No active person with the email address {options['as_user']}")
        params: dict[str, str] = {}
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"Write each filter as NAME=VALUE, not {item}")
            params[name.strip()] = value.strip()
        output: Path | None = options["output"]
        file_format = options["format"] or (
            "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "csv"
        )
        if file_format == "xlsx" and output is None:
            raise CommandError("Give --output for an XLSX file")
        try:
            data = exports.export(options["list"], user, params, file_format)
        except exports.ExportRefused as refusal:
            raise CommandError(str(refusal)) from None
        if output is None:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
        else:
            output.write_bytes(data)
            self.stderr.write(f"Wrote {output}")
