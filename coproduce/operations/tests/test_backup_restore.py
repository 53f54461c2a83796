import json
import tarfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from coproduce.accounts.models import User
from coproduce.audit.models import AuditEvent
from coproduce.operations.backups import EXCLUDED

pytestmark = pytest.mark.django_db(transaction=True)


def _table_contents() -> dict[str, list]:
    """Every restorable model's rows, as plain values, for comparing before and after."""
    contents = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in {"contenttypes", "sessions", "axes"} or label in EXCLUDED:
            continue
        contents[label] = sorted(
            (json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()),
        )
    return contents


def test_a_backup_restores_every_record_and_file_exactly(tmp_path):
    call_command("demo", "--quiet")
    default_storage.save("receipts/bus-ticket.pdf", ContentFile(b"%PDF-1.7 receipt"))
    before = _table_contents()
    assert sum(len(rows) for rows in before.values()) > 20

    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("receipts/bus-ticket.pdf")
    assert not User.objects.exists()

    call_command("restore", str(backup))
    assert _table_contents() == before
    with default_storage.open("receipts/bus-ticket.pdf") as restored:
        assert restored.read() == b"%PDF-1.7 receipt"
    assert User.objects.get(email="admin@example.org").check_password("coproduce-demo")


def test_restore_refuses_a_database_that_already_holds_data(tmp_path):
    call_command("demo", "--quiet")
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup))


def test_restore_with_replace_puts_the_backup_in_place_of_what_is_there(tmp_path):
    call_command("demo", "--quiet")
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))
    User.objects.create_user(email="later@example.org", full_name="Added Later")
    call_command("restore", str(backup), "--replace")
    assert not User.objects.filter(email="later@example.org").exists()
    assert User.objects.filter(email="admin@example.org").exists()


def test_a_broken_backup_changes_nothing(tmp_path):
    call_command("demo", "--quiet")
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))
    # Damage the data: a row that points at a record that does not exist.
    with tarfile.open(backup) as archive:
        manifest = archive.extractfile("manifest.json").read()
        data = json.loads(archive.extractfile("data.json").read())
    data.append({"model": "audit.auditevent", "pk": 999999, "fields": {"organisation": 424242}})
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(broken, "w:gz") as archive:
        for name, content in (
            ("manifest.json", manifest),
            ("data.json", json.dumps(data).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            import io

            archive.addfile(info, io.BytesIO(content))
    users_before = User.objects.count()
    events_before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the database unchanged
        call_command("restore", str(broken), "--replace")
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before


def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path):
    not_backup = tmp_path / "notes.txt"
    not_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not a Coproduce backup"):
        call_command("restore", str(not_backup))
