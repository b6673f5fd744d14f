from django.db import migrations

from parley.posts import search


def create_search_index(apps, schema_editor):
    statements = search.POSTGRES_CREATE if schema_editor.connection.vendor == "postgresql" else search.SQLITE_CREATE
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop_search_index(apps, schema_editor):
    statements = search.POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else search.SQLITE_DROP
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
