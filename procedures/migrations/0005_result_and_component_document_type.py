"""The paper a procedure's result is, and the paper a component asks for, as
document type codes: what a stored result may stand for in a later dossier.

On SQLite, adding a NOT NULL column remakes procedures_procedure, which drops
the triggers keeping the catalog's search index (migration 0004): the index
is made again afterwards, and again after the reverse."""

import importlib

from django.db import migrations, models

_search = importlib.import_module("procedures.migrations.0004_catalog_search_sqlite")


def search_index_remake(apps, schema_editor):
    _search.drop(apps, schema_editor)
    _search.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0004_catalog_search_sqlite"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, search_index_remake),
        migrations.AddField(
            model_name="dossiercomponent",
            name="document_type",
            field=models.CharField(blank=True, max_length=64, verbose_name="document type"),
        ),
        migrations.AddField(
            model_name="procedure",
            name="result_document_type",
            field=models.CharField(blank=True, max_length=64, verbose_name="result document type"),
        ),
        migrations.RunPython(search_index_remake, migrations.RunPython.noop),
    ]
