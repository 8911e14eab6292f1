"""The payment log refuses UPDATE and DELETE in the database itself, as the
other audit tables do."""

from django.db import migrations

from portal.audit.triggers import create_triggers, drop_triggers

TABLES = ("audit_paymentlog",)


def create(apps, schema_editor):
    create_triggers(schema_editor, TABLES)


def drop(apps, schema_editor):
    drop_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_payment_log")]

    operations = [migrations.RunPython(create, drop)]
