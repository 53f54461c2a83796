"""Matching reads the roles people said they would like to do from their one-line summary
(w: terms, see docs/adr/0207): add them for everyone who has said."""

from django.db import migrations


def _without_wants(terms: str) -> list[str]:
    return [term for term in terms.split() if not term.startswith("w:")]


def add_wanted_roles(apps, schema_editor):
    PoolMember = apps.get_model("pool", "PoolMember")
    changed = []
    for member in PoolMember.objects.only("match_terms", "wants_to_do").iterator():
        wants = sorted({str(code) for code in member.wants_to_do or []})
        if not wants:
            continue
        member.match_terms = " ".join(
            _without_wants(member.match_terms) + [f"w:{w}" for w in wants]
        )
        changed.append(member)
    PoolMember.objects.bulk_update(changed, ["match_terms"], batch_size=500)


def remove_wanted_roles(apps, schema_editor):
    PoolMember = apps.get_model("pool", "PoolMember")
    changed = []
    for member in PoolMember.objects.filter(match_terms__contains="w:").only("match_terms"):
        member.match_terms = " ".join(_without_wants(member.match_terms))
        changed.append(member)
    PoolMember.objects.bulk_update(changed, ["match_terms"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("pool", "0005_check_name")]

    operations = [migrations.RunPython(add_wanted_roles, remove_wanted_roles)]
