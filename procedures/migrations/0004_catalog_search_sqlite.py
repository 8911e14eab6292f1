"""Catalog search on SQLite: an FTS5 index over the folded search document,
kept by triggers, as the GIN index of migration 0002 is on PostgreSQL. Its
tokens are the document's runs of letters and digits, as procedures.search
splits the query; a query word matches the tokens it begins. Nothing to do on
PostgreSQL, nor where SQLite lacks FTS5 (procedures.search then scans the
documents with LIKE)."""

from django.db import OperationalError, migrations

CREATE_SQL = [
    """
    CREATE VIRTUAL TABLE procedures_search_fts USING fts5(
        search_document, content='procedures_procedure', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER procedures_search_fts_insert AFTER INSERT ON procedures_procedure BEGIN
        INSERT INTO procedures_search_fts(rowid, search_document)
        VALUES (new.id, new.search_document);
    END
    """,
    # An external-content index forgets a row by being given its old text.
    """
    CREATE TRIGGER procedures_search_fts_delete AFTER DELETE ON procedures_procedure BEGIN
        INSERT INTO procedures_search_fts(procedures_search_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
    END
    """,
    """
    CREATE TRIGGER procedures_search_fts_update AFTER UPDATE OF search_document
    ON procedures_procedure BEGIN
        INSERT INTO procedures_search_fts(procedures_search_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
        INSERT INTO procedures_search_fts(rowid, search_document)
        VALUES (new.id, new.search_document);
    END
    """,
    "INSERT INTO procedures_search_fts(procedures_search_fts) VALUES ('rebuild')",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS procedures_search_fts_update",
    "DROP TRIGGER IF EXISTS procedures_search_fts_delete",
    "DROP TRIGGER IF EXISTS procedures_search_fts_insert",
    "DROP TABLE IF EXISTS procedures_search_fts",
]


def _fts5_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.procedures_fts5_probe USING fts5(x)")
        except OperationalError:
            return False
        cursor.execute("DROP TABLE temp.procedures_fts5_probe")
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite" and _fts5_available(schema_editor):
        for statement in CREATE_SQL:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0003_procedure_fee_online"),
    ]

    operations = [migrations.RunPython(create, drop)]
