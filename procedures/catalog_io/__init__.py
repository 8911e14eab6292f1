"""Import and export of the procedure catalog: one JSON document (or its flat
CSV equivalent) in, every problem by row or nothing written, the same document
out. The format is described in docs/catalog-format.md."""
