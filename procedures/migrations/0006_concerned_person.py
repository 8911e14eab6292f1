"""Whom else a procedure concerns (the deceased, for funeral-cost support).

On SQLite, adding a NOT NULL column remakes procedures_procedure, which drops
the triggers keeping the catalog's search index (migration 0004): the index
is made again afterwards, and again after the reverse, as in migration 0005."""

import importlib

from django.db import migrations, models

_search = importlib.import_module("procedures.migrations.0004_catalog_search_sqlite")


def search_index_remake(apps, schema_editor):
    _search.drop(apps, schema_editor)
    _search.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_result_and_component_document_type"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, search_index_remake),
        migrations.AddField(
            model_name="procedure",
            name="concerns",
            field=models.CharField(
                blank=True,
                choices=[("", "Nobody else"), ("deceased", "The deceased")],
                default="",
                max_length=16,
                verbose_name="concerns",
            ),
        ),
        migrations.RunPython(search_index_remake, migrations.RunPython.noop),
    ]
