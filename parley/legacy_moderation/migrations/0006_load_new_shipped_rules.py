"""Add shipped rules that appeared after an instance was installed (this time, allow rules for
game trash talk and idioms), with 0002's loader. Existing rules, edited or not, are left as
they are."""

from importlib import import_module

from django.db import migrations

shipped = import_module("parley.legacy_moderation.migrations.0002_shipped_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_appeal_against_dismissal")]
    operations = [migrations.RunPython(shipped.load_rules, migrations.RunPython.noop)]
