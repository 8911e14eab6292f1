"""The audit tables refuse UPDATE and DELETE in the database itself, so that
no code path (raw SQL, a bulk query, a shell) can rewrite history."""

from django.db import migrations

from portal.audit.triggers import create_triggers, drop_triggers


def create(apps, schema_editor):
    create_triggers(schema_editor)


def drop(apps, schema_editor):
    drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
