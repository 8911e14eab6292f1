"""Catalog search on PostgreSQL: the unaccent and pg_trgm extensions, an
IMMUTABLE accent-folding wrapper (names are compared with the query by
trigram similarity for ranking), a full-text index and a trigram index over
the folded search document. Nothing to do on SQLite, where procedures.search
matches the same folded document with LIKE."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# unaccent() is only STABLE (it looks its dictionary up through search_path);
# with the dictionary named by schema, the wrapper is safe to declare IMMUTABLE,
# as index expressions and the planner's inlining require.
CREATE_SQL = [
    """
    CREATE OR REPLACE FUNCTION procedures_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    """,
    # The words of a folded document, split on anything that is not a letter or
    # a digit, as procedures.search splits the query ("1.001193" → 1, 001193).
    # PL/pgSQL, with its true cost, so that the planner neither inlines it nor
    # takes a scan computing it on every row for cheaper than the GIN index.
    """
    CREATE OR REPLACE FUNCTION procedures_search_vector(text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT COST 1000
    AS $$ BEGIN
        RETURN to_tsvector('pg_catalog.simple'::regconfig,
                           regexp_replace($1, '[^a-z0-9]+', ' ', 'g'));
    END $$
    """,
    """
    CREATE INDEX IF NOT EXISTS procedure_search_vector_idx ON procedures_procedure
    USING gin (procedures_search_vector(search_document))
    """,
    """
    CREATE INDEX IF NOT EXISTS procedure_search_trigram_idx ON procedures_procedure
    USING gin (search_document gin_trgm_ops)
    """,
]
DROP_SQL = [
    "DROP INDEX IF EXISTS procedure_search_trigram_idx",
    "DROP INDEX IF EXISTS procedure_search_vector_idx",
    "DROP FUNCTION IF EXISTS procedures_search_vector(text)",
    "DROP FUNCTION IF EXISTS procedures_fold(text)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(_on_postgresql(CREATE_SQL), _on_postgresql(DROP_SQL)),
    ]
