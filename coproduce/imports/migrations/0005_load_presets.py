"""Load the mapping presets kept as data in coproduce/imports/presets/*.json."""

import json
from pathlib import Path

from django.db import migrations

PRESETS = Path(__file__).resolve().parent.parent / "presets"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    ImportPreset = apps.get_model("imports", "ImportPreset")
    for path in sorted(PRESETS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ImportPreset.objects.update_or_create(
            name=data["name"],
            defaults={
                "kind": data.get("kind", "projects"),
                "headings": data.get("headings", {}),
                "values": data.get("values", {}),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("imports", "0004_import_presets")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
