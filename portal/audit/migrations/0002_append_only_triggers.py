"""The audit tables refuse UPDATE and DELETE in the database itself, so that
no code path (raw SQL, a bulk query, a shell) can rewrite history."""

from django.db import migrations

from portal.audit.triggers import create_triggers, drop_triggers

# The tables that existed then; later ones get their triggers in their own migration.
TABLES = ("audit_accesslog", "audit_complianceevent")


def create(apps, schema_editor):
    create_triggers(schema_editor, TABLES)


def drop(apps, schema_editor):
    drop_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
