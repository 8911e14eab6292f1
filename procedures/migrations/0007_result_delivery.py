"""The ways a procedure's result can be received (online, at the desk, by post).

On SQLite, adding a NOT NULL column remakes procedures_procedure, which drops
the triggers keeping the catalog's search index (migration 0004): the index
is made again afterwards, and again after the reverse, as in migration 0005."""

import importlib

from django.db import migrations, models

import procedures.models

_search = importlib.import_module("procedures.migrations.0004_catalog_search_sqlite")


def search_index_remake(apps, schema_editor):
    _search.drop(apps, schema_editor)
    _search.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0006_concerned_person"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, search_index_remake),
        migrations.AddField(
            model_name="procedure",
            name="result_deliveries",
            field=models.JSONField(
                default=procedures.models.every_result_delivery,
                verbose_name="ways to receive the result",
            ),
        ),
        migrations.RunPython(search_index_remake, migrations.RunPython.noop),
    ]
