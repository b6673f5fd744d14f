"""Load the shipped English and French rule lists (parley/moderation/data/rules_en_fr.json)."""

from django.db import migrations

from parley.screening.shipped_rules import load_shipped_rules, unload_shipped_rules


def load_rules(apps, schema_editor):
    load_shipped_rules(apps.get_model("moderation", "Rule"))


def unload_rules(apps, schema_editor):
    unload_shipped_rules(apps.get_model("moderation", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(load_rules, unload_rules)]
