from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.operations.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `coproduce backup`, all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the backup file to restore")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="wipe this database first (only if the restore succeeds does the wipe stand)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(Path(options["file"]), replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {total} records from a backup made {manifest['created_at']}")
