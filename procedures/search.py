"""Catalog search: diacritic-insensitive, forgiving of typos, ranked.

Query and documents are compared folded (procedures.indexing.fold: lower case,
no diacritics) and split into words of letters and digits. A procedure matches
when every query word begins a word of its search document (code, name,
sector, component names): "dang ky khai sinh", "Đăng ký khai sinh" and
"1.001193" all find 1.001193 Đăng ký khai sinh. When nothing matches so, the
query is taken as misspelt and matched loosely ("khai sihn").

PostgreSQL: full-text search over procedures_search_vector(search_document)
(GIN index), ranked by ts_rank plus the trigram similarity between the query
and the name folded by unaccent (procedures_fold); the loose match is pg_trgm
word similarity over the search document (GIN trigram index). See migration
0002.

SQLite: an FTS5 index over the search document (migration 0004), each query
word a prefix of a token; LIKE over the documents where SQLite lacks FTS5.
The loose match lets each unknown query word be any catalog word one edit
away (procedures.spelling); ranked by where the words fall: the code, the
start of the name, the name, the rest.

On both, a word ending in i or y after k, l, m, t, s, h or qu matches either
spelling (đăng kí, đăng ký).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Substr
from django.db.models.lookups import Lookup

from portal.accounts.models import Agency, AgencyKind
from procedures.indexing import fold
from procedures.models import Procedure, ProcedureLevel, Sector
from procedures.spelling import Vocabulary, spellings, words_of

# Where a procedure is carried out: the level of the catalog an agency serves.
LEVEL_OF_AGENCY_KIND: dict[str, str] = {
    AgencyKind.COMMUNE_COMMITTEE: ProcedureLevel.COMMUNE,
    AgencyKind.PROVINCE_COMMITTEE: ProcedureLevel.PROVINCE,
    AgencyKind.PROVINCIAL_DEPARTMENT: ProcedureLevel.PROVINCE,
    AgencyKind.SERVICE_CENTER: ProcedureLevel.PROVINCE,
}
# Characters a word of a folded document may follow, besides a space or its start.
WORD_SEPARATORS = ("(", "/", "-", '"', "“", "'", ",", ".", ";", ":")
# Query words beyond this many are ignored: they add cost, not precision.
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class _Terms:
    """The query: per word, the spellings it accepts (as typed first)."""

    groups: list[list[str]]
    code: str

    @property
    def phrase(self) -> str:
        return " ".join(group[0] for group in self.groups)

    @property
    def pattern_words(self) -> list[str]:
        """Per word, a LIKE pattern for ranking: "k_" for kí/ký, else the
        likeliest catalog spelling."""
        patterns = []
        for typed, *others in self.groups:
            if not others:
                patterns.append(typed)
            elif len(others[0]) == len(typed) and others[0][:-1] == typed[:-1]:
                patterns.append(typed[:-1] + "_")
            else:
                patterns.append(others[0])
        return patterns


def catalog_search(
    *,
    query: str = "",
    sector: Sector | None = None,
    level: str | None = None,
    agency: Agency | None = None,
) -> QuerySet[Procedure]:
    """The active procedures matching the query and filters, best first (by
    code without a query). A loose (misspelt) match is annotated `approximate`."""
    procedures = Procedure.objects.filter(active=True).select_related("sector")
    if sector is not None:
        procedures = procedures.filter(sector=sector)
    if level:
        procedures = procedures.filter(level=level)
    if agency is not None:
        procedures = carried_out_by(procedures, agency=agency)
    words = words_of(fold(query))[:MAX_QUERY_WORDS]
    if not words:
        return procedures.annotate(approximate=Value(False)).order_by("code")
    terms = _Terms(groups=[spellings(word) for word in words], code=query.strip())
    on_postgresql = connections[procedures.db].vendor == "postgresql"
    search = _PostgresSearch if on_postgresql else _PortableSearch
    exact = search.exact(procedures, terms=terms)
    if exact.exists():
        return exact.annotate(approximate=Value(False))
    return search.loose(procedures, terms=terms).annotate(approximate=Value(True))


def carried_out_by(procedures: QuerySet[Procedure], *, agency: Agency) -> QuerySet[Procedure]:
    """The procedures of the agency's level that list its kind among the bodies
    carrying them out."""
    level = LEVEL_OF_AGENCY_KIND.get(agency.kind)
    if level is None:
        return procedures.none()
    # agency_kinds is a JSON list of identifiers; its text holds each one quoted,
    # which every database can search (SQLite has no JSON containment).
    return (
        procedures.filter(level=level)
        .alias(kinds_text=Cast("agency_kinds", TextField()))
        .filter(kinds_text__contains=f'"{agency.kind}"')
    )


class _Like(Lookup):
    """`lhs LIKE pattern`, the pattern given whole (its words are letters and
    digits; "_" and "%" are meant as wildcards)."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def _name_rank(*, name, name_start, terms: _Terms, code_bonus: int):
    """The code itself, then a name that begins with the phrase, holds it, or
    holds its words in order. `name` is the folded name, `name_start` its
    first characters (as many as the phrase has)."""
    pattern = " ".join(terms.pattern_words)
    in_order = "%" + "%".join(terms.pattern_words) + "%"
    return (
        Case(When(code=terms.code, then=Value(code_bonus)), default=Value(0))
        + Case(When(_Like(name_start, pattern), then=Value(20)), default=Value(0))
        + Case(When(_Like(name, f"%{pattern}%"), then=Value(10)), default=Value(0))
        + Case(When(_Like(name, in_order), then=Value(5)), default=Value(0))
    )


class _PostgresSearch:
    @staticmethod
    def _ranked(procedures, *, terms: _Terms, closeness) -> QuerySet[Procedure]:
        """By the name first (its place, then its trigram similarity to the
        phrase), then by `closeness`, the whole document's rank, scaled down:
        a term repeated in the components must not lift a name that differs."""
        name = Func(F("name"), function="procedures_fold", output_field=TextField())
        name_start = Substr(name, 1, len(terms.phrase))
        rank = (
            Cast(
                _name_rank(name=name, name_start=name_start, terms=terms, code_bonus=100),
                FloatField(),
            )
            + TrigramSimilarity(name, terms.phrase)
            + closeness * Value(0.1)
        )
        return procedures.annotate(rank=rank).order_by("-rank", Length("name"), "code")

    @classmethod
    def exact(cls, procedures, *, terms: _Terms) -> QuerySet[Procedure]:
        vector = Func(
            F("search_document"), function="procedures_search_vector",
            output_field=SearchVectorField(),
        )  # fmt: skip
        query = SearchQuery(
            " & ".join(
                "(" + " | ".join(f"{word}:*" for word in group) + ")" for group in terms.groups
            ),
            search_type="raw", config="simple",
        )  # fmt: skip
        matching = procedures.alias(vector=vector).filter(vector=query)
        return cls._ranked(matching, terms=terms, closeness=SearchRank(vector, query))

    @classmethod
    def loose(cls, procedures, *, terms: _Terms) -> QuerySet[Procedure]:
        matching = procedures.filter(search_document__trigram_word_similar=terms.phrase)
        closeness = TrigramWordSimilarity(terms.phrase, "search_document")
        return cls._ranked(matching, terms=terms, closeness=closeness)


class _BeginsAWord(Expression):
    """True when any of the words begins a word of the search document: the
    whole test as one SQL condition, so that a query of several words stays
    cheap to compile as well as to run.

    Per word, the plain substring test comes first: one cheap scan turns most
    documents away before the word-boundary alternatives are tried, the
    likeliest first. The words are letters and digits (spelling.WORD): no
    LIKE wildcard can hide among them."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        self.words = words

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.document)
        alternatives, params = [], []
        for word in self.words:
            boundaries = [f"% {word}%", f"{word}%", *(f"%{sep}{word}%" for sep in WORD_SEPARATORS)]
            tests = " OR ".join(f"{column} LIKE %s" for _ in boundaries)
            alternatives.append(f"({column} LIKE %s AND ({tests}))")
            params += [*column_params, f"%{word}%"]
            for boundary in boundaries:
                params += [*column_params, boundary]
        return "(" + " OR ".join(alternatives) + ")", params

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):  # fmt: skip
        resolved = self.copy()
        resolved.document = F("search_document").resolve_expression(
            query, allow_joins, reuse, summarize
        )
        return resolved


class _PortableSearch:
    @staticmethod
    def _matching(procedures, groups: list[list[str]]) -> QuerySet[Procedure]:
        if _fts_ready(procedures.db):
            # Each word, or one of its spellings, begins a token of the document.
            match = " AND ".join(
                "(" + " OR ".join(f'"{word}"*' for word in group) + ")" for group in groups
            )
            return procedures.filter(pk__in=RawSQL(FTS_MATCH_SQL, [match]))
        for group in groups:
            procedures = procedures.filter(_BeginsAWord(group))
        return procedures

    @staticmethod
    def _ranked(procedures, *, terms: _Terms) -> QuerySet[Procedure]:
        # The document begins with the folded code and name ("1.001193 dang ky
        # khai sinh …"): each ranking test is one LIKE over that head, so ranking
        # a thousand matches stays cheap.
        name_start = Length("code") + 2
        name = Substr("search_document", name_start, Length("name"))
        beginning = Substr("search_document", name_start, len(terms.phrase))
        rank = _name_rank(name=name, name_start=beginning, terms=terms, code_bonus=100)
        return procedures.annotate(rank=Cast(rank, IntegerField())).order_by(
            "-rank", Length("name"), "code"
        )

    @classmethod
    def exact(cls, procedures, *, terms: _Terms) -> QuerySet[Procedure]:
        return cls._ranked(cls._matching(procedures, terms.groups), terms=terms)

    @classmethod
    def loose(cls, procedures, *, terms: _Terms) -> QuerySet[Procedure]:
        vocabulary = catalog_vocabulary(using=procedures.db)
        # A catalog word stays as typed; any other may be a typo, or a word
        # typed halfway (which still begins its words).
        groups = [
            group if group[0] in vocabulary else list(dict.fromkeys(
                [*group, *(near for word in group for near in vocabulary.near(word))]
            ))
            for group in terms.groups
        ]  # fmt: skip
        loose_terms = _Terms(groups=groups, code=terms.code)
        return cls._ranked(cls._matching(procedures, groups), terms=loose_terms)


FTS_MATCH_SQL = "SELECT rowid FROM procedures_search_fts WHERE procedures_search_fts MATCH %s"
_fts_tables: dict[tuple[str, str], bool] = {}


def _fts_ready(using: str) -> bool:
    """Whether this SQLite database has the FTS5 index of migration 0004 (not
    where SQLite was built without FTS5); asked once per database file."""
    connection = connections[using]
    key = (using, str(connection.settings_dict["NAME"]))
    if key not in _fts_tables:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                ["procedures_search_fts"],
            )
            _fts_tables[key] = cursor.fetchone() is not None
    return _fts_tables[key]


_vocabulary_lock = threading.Lock()
_vocabularies: dict[str, tuple[tuple, Vocabulary]] = {}


def catalog_vocabulary(*, using: str = "default") -> Vocabulary:
    """The words of the active procedures' search documents, rebuilt when the
    catalog changes (its size, newest row, last update or total text length)."""
    active = Procedure.objects.using(using).filter(active=True)
    signature = tuple(
        active.aggregate(
            count=Count("id"), last=Max("id"), updated=Max("updated_at"),
            size=Sum(Length("search_document")),
        ).values()
    )  # fmt: skip
    cached = _vocabularies.get(using)
    if cached and cached[0] == signature:
        return cached[1]
    with _vocabulary_lock:
        vocabulary = Vocabulary(active.values_list("search_document", flat=True).iterator())
        _vocabularies[using] = (signature, vocabulary)
    return vocabulary
