from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from coproduce.operations.backups import create_backup


class Command(BaseCommand):
    help = "Write every record and uploaded file to one backup file (.tar.gz)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file", help="where to write the backup, e.g. backups/2026-11-26.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = create_backup(Path(options["file"]))
        total = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up {total} records and {manifest['media_files']} files to {options['file']}"
        )
