"""Backups of a whole installation as one file, and restoring one, all or nothing.

A backup is a gzipped tar holding `manifest.json` (when, which version, how many rows of what),
`data.json` (every table's rows, serialised by Django so a backup taken on SQLite restores onto
PostgreSQL and back) and `media/` (uploaded files such as receipts and resources).
"""

import io
import json
import tarfile
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction

FORMAT_VERSION = 1
# Sessions, sign-in throttling records and content types are rebuilt, not restored.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(Exception):
    """The file is not a Coproduce backup, or it cannot be restored here."""


def _media_files(directory: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return []
    paths = [f"{directory}/{name}".lstrip("/") for name in files]
    for folder in folders:
        paths.extend(_media_files(f"{directory}/{folder}".lstrip("/")))
    return sorted(paths)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def create_backup(destination: Path) -> dict[str, Any]:
    """Write a backup file and return its manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.exactjson"
        with transaction.atomic():  # one consistent snapshot of every table
            call_command(
                "dumpdata",
                format="exactjson",
                exclude=EXCLUDED,
                natural_foreign=True,
                output=str(data_path),
                verbosity=0,
            )
        data = data_path.read_bytes()
    rows = Counter(record["model"] for record in json.loads(data))
    media = _media_files()
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": connection.vendor,
        "rows": dict(sorted(rows.items())),
        "media_files": len(media),
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.json", data)
        for name in media:
            with default_storage.open(name, "rb") as handle:
                _add_bytes(archive, f"media/{name}", handle.read())
    partial.replace(destination)  # never leave a half-written backup under the real name
    return manifest


def _database_is_empty() -> bool:
    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

    return not (User.objects.exists() or Organisation.objects.exists())


def restore_backup(source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore a backup into this database. Without `replace`, the database must be empty.

    The database part is one transaction: if any row fails, nothing is restored.
    """
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} is not a Coproduce backup file ({error})") from error
    with archive:
        names = set(archive.getnames())
        if not {"manifest.json", "data.json"} <= names:
            raise BackupError(f"{source} is not a Coproduce backup: manifest or data is missing")
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"{source} was written in backup format {manifest.get('format')}; "
                f"this version reads format {FORMAT_VERSION}"
            )
        data = archive.extractfile("data.json").read()  # type: ignore[union-attr]
        media = {
            member.name.removeprefix("media/"): archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile() and member.name.startswith("media/")
        }
    if not replace and not _database_is_empty():
        raise BackupError(
            "This database already holds data. Restore into an empty database, or use "
            "--replace to wipe it and restore the backup in its place."
        )
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.exactjson"
        data_path.write_bytes(data)
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data_path), verbosity=0)
    for name, content in media.items():
        if ".." in Path(name).parts or name.startswith("/"):
            continue
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
    return manifest
