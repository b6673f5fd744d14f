"""Load the shipped English and French rule lists (parley/moderation/data/rules_en_fr.json)."""

import json
from pathlib import Path

from django.db import migrations

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "rules_en_fr.json"


def load_rules(apps, schema_editor):
    Rule = apps.get_model("moderation", "Rule")
    for entry in json.loads(RULES_FILE.read_text(encoding="utf-8")):
        Rule.objects.get_or_create(
            language=entry["language"], category=entry["category"], kind=entry["kind"],
            pattern=entry["pattern"],
            defaults={
                "action": entry["action"], "applies_to_dms": entry["applies_to_dms"],
                "note": entry["note"],
            },
        )


def unload_rules(apps, schema_editor):
    Rule = apps.get_model("moderation", "Rule")
    for entry in json.loads(RULES_FILE.read_text(encoding="utf-8")):
        Rule.objects.filter(
            language=entry["language"], category=entry["category"], kind=entry["kind"],
            pattern=entry["pattern"],
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(load_rules, unload_rules)]
