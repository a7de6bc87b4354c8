"""The search index's tables, made by the backend of the database in use (SQLite FTS5 or
PostgreSQL full text). They are not Django models: each backend owns its own layout."""

from django.db import migrations


def create(apps, schema_editor):
    from gongkai.search.backends import for_vendor

    connection = schema_editor.connection
    connection.ensure_connection()
    for_vendor(connection.vendor).create(connection.connection)


def drop(apps, schema_editor):
    from gongkai.search.backends import for_vendor

    connection = schema_editor.connection
    connection.ensure_connection()
    for_vendor(connection.vendor).drop(connection.connection)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("catalog", "0001_initial"), ("orgs", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
