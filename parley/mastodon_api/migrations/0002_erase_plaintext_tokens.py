"""Tokens issued before hashed storage (COMPLIANT_BCP_RFC9700_TOKEN_STORAGE) lose their
plaintext copy. Every lookup goes through the SHA-256 checksum, which is (re)computed here from
the plaintext first, so members stay signed in to their apps. It cannot be undone: the
plaintext is gone, and the tokens keep working without it."""

import hashlib

from django.db import migrations
from oauth2_provider.settings import oauth2_settings

BATCH = 500


def erase_plaintext(apps, schema_editor):
    if not oauth2_settings.COMPLIANT_BCP_RFC9700_TOKEN_STORAGE:
        return
    for label in (oauth2_settings.ACCESS_TOKEN_MODEL, oauth2_settings.REFRESH_TOKEN_MODEL):
        model = apps.get_model(*label.split("."))
        rows = model.objects.exclude(token="").only("pk", "token", "token_checksum")
        while batch := list(rows[:BATCH]):
            for row in batch:
                row.token_checksum = hashlib.sha256(row.token.encode("utf-8")).hexdigest()
                row.token = ""
            model.objects.bulk_update(batch, ["token", "token_checksum"])


class Migration(migrations.Migration):
    dependencies = [
        ("mastodon_api", "0001_initial"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [migrations.RunPython(erase_plaintext, migrations.RunPython.noop, elidable=False)]
