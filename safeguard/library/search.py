"""One search interface over two backends: PostgreSQL full text and SQLite FTS5.

Order of work, the same on both: (1) the index rows this user may match
(``access.searchable_units``, decided on the access levels copied onto each row) are narrowed
by the chosen facets, on columns of the same rows; (2) only those rows are matched and ranked
(title above abstract above body), in one statement that writes each matching version, in
result order, into a temporary table with its facet columns; (3) the total is the number of
rows written, the page is a range of that table, and facets are a few grouped queries over it
(over the first ``FACET_CAP`` results when there are more); (4) the page's versions are loaded
and only they get a best page and a snippet, from pages of files the user may read. A text the
user may not read is never matched, so it cannot rank, count, or show in a snippet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.utils.safestring import SafeString

from safeguard.countries.models import Country, Region, active_name_language

from . import access
from .models import (
    LANGUAGE_BITS,
    THEME_BITS,
    Access,
    ContentLanguage,
    Creator,
    PageText,
    ResourceType,
    ResourceVersion,
    SearchUnit,
    Theme,
    VersionLanguage,
)
from .text import (
    PG_CONFIGS,
    START,
    STEMMED_LANGUAGES,
    STOP,
    ParsedQuery,
    fts_match,
    mark_markers,
    page_score,
    parse_query,
    pg_query_text,
    snippet,
)

PER_PAGE = 20
MATCHES = "library_matches"
FACET_LIMIT = 12
# Facets count the first FACET_CAP results (in result order) when there are more: exact for any
# focused search, bounded work for "everything" over tens of thousands of resources.
FACET_CAP = 5000
# The facet columns of the index rows, as the temporary table of matches holds them.
FACET_COLUMNS = ("resource_type", "year", "resource_access", "theme_bits", "language_bits")


@dataclass
class Criteria:
    q: str = ""
    resource_type: str = ""
    theme: str = ""
    country: str = ""
    region: str = ""
    language: str = ""
    year: int | None = None
    access: str = ""
    page: int = 1

    def filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in {"q", "page"} and v not in ("", None)}


@dataclass
class Hit:
    version: ResourceVersion
    page_number: int | None = None
    snippet: SafeString | str = ""


@dataclass
class Bucket:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    buckets: list[Bucket]


@dataclass
class Results:
    criteria: Criteria
    total: int
    hits: list[Hit]
    facets: list[Facet] = field(default_factory=list)
    # How many of the results the facets counted, when that is fewer than all of them.
    facets_over: int | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def filtered_units(user: Any, criteria: Criteria, *, texts: bool = True) -> QuerySet[SearchUnit]:
    """Index rows the user may match, narrowed by the chosen facets (access first, always)."""
    units = access.searchable_units(user, texts=texts)
    if criteria.resource_type:
        units = units.filter(resource_type=criteria.resource_type)
    if criteria.year:
        units = units.filter(year=criteria.year)
    if criteria.access:
        units = units.filter(resource_access=criteria.access)
    for value, bits, column in (
        (criteria.theme, THEME_BITS, "theme_bits"),
        (criteria.language, LANGUAGE_BITS, "language_bits"),
    ):
        if value:
            units = units.alias(**{f"{column}_chosen": F(column).bitand(bits.get(value, 0))}).filter(
                **{f"{column}_chosen__gt": 0}
            )
    if criteria.country:
        units = units.filter(
            version__in=ResourceVersion.countries.through.objects.filter(
                country__iso2=criteria.country.upper()
            ).values("resourceversion")
        )
    if criteria.region:
        units = units.filter(
            version__in=ResourceVersion.regions.through.objects.filter(region__m49=criteria.region).values(
                "resourceversion"
            )
        )
    return units


def _query_languages(criteria: Criteria) -> tuple[str, ...]:
    if criteria.language in STEMMED_LANGUAGES:
        return (criteria.language,)
    return (*STEMMED_LANGUAGES, "simple")


def _matches_sql(user: Any, criteria: Criteria, parsed: ParsedQuery) -> tuple[str, list[Any]]:
    """SQL giving (n, total, v, s, facet columns…): every permitted matching version in result order.

    ``n`` is the position (1, 2, …), ``total`` the number of matches (on every row), ``v`` the
    version id, ``s`` the score (lower is better).
    The permitted rows come in as a derived table the databases flatten into the match.
    """
    units = filtered_units(user, criteria, texts=not parsed.empty)

    def facet_max(alias: str) -> str:
        return ", ".join(f"MAX({alias}.{c}) AS {c}" for c in FACET_COLUMNS)

    facet_cols = ", ".join(FACET_COLUMNS)
    if parsed.empty:
        units_sql, params = units.values("version_id", *FACET_COLUMNS).query.sql_with_params()
        browse = "ROW_NUMBER() OVER (ORDER BY u.year DESC, u.version_id DESC)"
        # Only our SQL and Django's compiled queries here; values are parameters.
        # Without words the total is a plain count of the index (below): the rows come in index
        # order and no count has to be carried over every visible resource.
        return (
            f"SELECT {browse} AS n, 0 AS total, u.version_id AS v, 0 AS s, {facet_cols}"  # noqa: S608
            f" FROM ({units_sql}) u",
            list(params),
        )
    ranked = (
        "SELECT ROW_NUMBER() OVER (ORDER BY r.s, r.v) AS n, COUNT(*) OVER () AS total, r.v AS v, r.s AS s,"  # noqa: S608
        f" {facet_cols} FROM ({{}}) r"
    )
    languages = _query_languages(criteria)
    if connection.vendor == "postgresql":
        units_sql, units_params = units.values(
            "id", "version_id", "search_vector", *FACET_COLUMNS
        ).query.sql_with_params()
        text = pg_query_text(parsed)
        tsquery = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in languages)
        params: list[Any] = []
        for language in languages:
            params += [PG_CONFIGS.get(language, "library_simple"), text]
        grouped = (
            f"SELECT u.version_id AS v, -MAX(ts_rank(u.search_vector, q.query)) AS s, {facet_max('u')}"  # noqa: S608
            f" FROM ({units_sql}) u, (SELECT ({tsquery}) AS query) q"
            " WHERE u.search_vector @@ q.query GROUP BY u.version_id"
        )
        return ranked.format(grouped), [*units_params, *params]
    units_sql, units_params = units.values("id", "version_id", *FACET_COLUMNS).query.sql_with_params()
    facet_pick = ", ".join(f"u.{c} AS {c}" for c in FACET_COLUMNS)
    grouped = (
        f"SELECT m.v AS v, MIN(m.s) AS s, {facet_max('m')} FROM ("  # noqa: S608
        f"SELECT u.version_id AS v, bm25(library_fts, 10.0, 4.0, 1.0) AS s, {facet_pick}"
        # CROSS JOIN keeps the full-text match as the outer loop (each match then looks up its
        # row by id); SQLite must never run the match once per index row.
        f" FROM library_fts CROSS JOIN ({units_sql}) u ON u.id = library_fts.rowid"
        " WHERE library_fts MATCH %s LIMIT -1) m GROUP BY m.v"
    )
    return ranked.format(grouped), [*units_params, fts_match(parsed, languages)]


def search(user: Any, criteria: Criteria, *, per_page: int = PER_PAGE, facets: bool = True) -> Results:
    """The one entry point: results, facets and snippets for ``user``."""
    parsed = parse_query(criteria.q)
    offset = (max(criteria.page, 1) - 1) * per_page
    matches_sql, params = _matches_sql(user, criteria, parsed)
    # Only the rows anything reads are kept: the page, and the first FACET_CAP for the facets.
    keep = max(FACET_CAP if facets else 0, offset + per_page)
    columns = ", ".join(("n", "total", "v", "s", *FACET_COLUMNS))
    # The kept matches are written once, in result order, into a temporary table; the total,
    # the page and every facet read it instead of re-running the match.
    with connection.cursor() as cursor:
        # SQLite: ``n`` is the rowid, so a page or the facets' first rows are a range of it.
        # PostgreSQL: no index to maintain; the table is small and read whole.
        position = "n integer PRIMARY KEY" if connection.vendor == "sqlite" else "n integer NOT NULL"
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {MATCHES} ({position}, total integer NOT NULL,"
            " v integer NOT NULL, s double precision, resource_type varchar(20), year integer,"
            " resource_access varchar(12), theme_bits integer, language_bits integer)"
        )
        empty = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
        cursor.execute(f"{empty} {MATCHES}")
        cursor.execute(
            f"INSERT INTO {MATCHES} ({columns}) SELECT {columns} FROM ({matches_sql}) k WHERE k.n <= %s",  # noqa: S608
            [*params, keep],
        )
        if parsed.empty:
            total = filtered_units(user, criteria, texts=False).count()
        else:
            cursor.execute(f"SELECT MAX(total) FROM {MATCHES}")  # noqa: S608
            total = cursor.fetchone()[0] or 0
        cursor.execute(
            f"SELECT v FROM {MATCHES} WHERE n > %s AND n <= %s ORDER BY n",  # noqa: S608
            [offset, offset + per_page],
        )
        page_ids = [row[0] for row in cursor.fetchall()]
        facet_list: list[Facet] = []
        facets_over = FACET_CAP if total > FACET_CAP else None
        if facets and total:
            facet_list = facet_counts(cursor, criteria, capped=facets_over is not None)
    hits = _hits(user, page_ids, parsed)
    return Results(criteria, total, hits, facet_list, facets_over)


def _hits(user: Any, ids: list[int], parsed: ParsedQuery) -> list[Hit]:
    # The page's versions only, through the access helper once more (cheap for a page).
    versions = (
        access.visible_versions(user)
        .filter(pk__in=ids)
        .select_related("resource")
        .prefetch_related(
            Prefetch("creators", queryset=Creator.objects.order_by("position")),
            Prefetch("languages", queryset=VersionLanguage.objects.order_by("position")),
        )
    )
    by_id = {v.pk: v for v in versions}
    hits = [Hit(by_id[pk]) for pk in ids if pk in by_id]
    if parsed.empty or not hits:
        return hits
    best = _best_pages(user, ids, parsed)
    for hit in hits:
        language = _language_of(hit.version)
        found = best.get(hit.version.pk)
        if found is not None:
            hit.page_number, hit.snippet = found
        elif hit.version.abstract:
            hit.snippet = snippet(hit.version.abstract, parsed, language)
    return hits


def _language_of(version: ResourceVersion) -> str:
    languages = list(version.languages.all())
    first = languages[0].language if languages else "en"
    return first if first in STEMMED_LANGUAGES else "simple"


def _best_pages(user: Any, ids: list[int], parsed: ParsedQuery) -> dict[int, tuple[int, SafeString]]:
    """For each version, the readable page that matches best, with its snippet."""
    readable = access.readable_files(user).filter(version__in=ids)
    if connection.vendor == "postgresql":
        return _best_pages_postgres(readable, ids, parsed)
    pages = (
        PageText.objects.filter(file__in=readable.values("pk"))
        .select_related("file")
        .order_by("file__version_id", "file_id", "number")
    )
    languages = {
        v.pk: _language_of(v)
        for v in ResourceVersion.objects.filter(pk__in=ids).prefetch_related("languages")
    }
    best: dict[int, tuple[int, int, str]] = {}
    for page in pages.iterator():
        version_id = page.file.version_id
        score = page_score(page.text, parsed, languages[version_id])
        if score and (version_id not in best or score > best[version_id][0]):
            best[version_id] = (score, page.number, page.text)
    return {vid: (number, snippet(text, parsed, languages[vid])) for vid, (_, number, text) in best.items()}


def _best_pages_postgres(
    readable: Any, ids: list[int], parsed: ParsedQuery
) -> dict[int, tuple[int, SafeString]]:
    """The best readable page per version (each page's vector built once), then one headline each."""
    files_sql, files_params = readable.values("pk").query.sql_with_params()
    text = pg_query_text(parsed)
    config = (
        "(CASE u.language WHEN 'en' THEN 'library_english' WHEN 'fr' THEN 'library_french'"
        " WHEN 'es' THEN 'library_spanish' ELSE 'library_simple' END)::regconfig"
    )
    sql = (
        "SELECT b.version_id, b.number, ts_headline(b.config, b.text, b.query,"  # noqa: S608 - only our SQL and Django's compiled subqueries; values are parameters
        f" 'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, MaxFragments=1')"
        " FROM (SELECT DISTINCT ON (f.version_id) f.version_id, p.number, p.text, x.config, x.query"
        " FROM library_pagetext p JOIN library_resourcefile f ON f.id = p.file_id"
        " JOIN library_searchunit u ON u.file_id = f.id"
        f" CROSS JOIN LATERAL (SELECT {config} AS config, websearch_to_tsquery({config}, %s) AS query) x"
        " CROSS JOIN LATERAL (SELECT to_tsvector(x.config, p.text) AS vector) t"
        f" WHERE f.id IN ({files_sql}) AND t.vector @@ x.query"
        " ORDER BY f.version_id, ts_rank(t.vector, x.query) DESC, p.number) b"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, *files_params])
        return {vid: (number, mark_markers(headline)) for vid, number, headline in cursor.fetchall()}


def _bucket_list(rows: list[tuple[str, str, int]], selected: str) -> list[Bucket]:
    rows = sorted((r for r in rows if r[2]), key=lambda r: (-r[2], str(r[1])))[:FACET_LIMIT]
    return [
        Bucket(str(value), str(label), count, str(value) == str(selected)) for value, label, count in rows
    ]


def _place_counts(cursor: Any, limit: str) -> dict[str, list[tuple[str, str, int]]]:
    """(code, name, count) of the countries and of the regions of the matches: one query."""
    name = f"name_{active_name_language()}"
    parts = []
    for key, field_name, model, code in (
        ("country", "countries", Country, "iso2"),
        ("region", "regions", Region, "m49"),
    ):
        through = getattr(ResourceVersion, field_name).through._meta.db_table
        target = model._meta.model_name
        parts.append(
            f"SELECT '{key}', p.{code}, p.{name}, x.n FROM (SELECT t.{target}_id AS place, COUNT(*) AS n"  # noqa: S608 - model metadata only
            # CROSS JOIN: SQLite then walks the matches and looks each up (PostgreSQL plans freely).
            f" FROM {MATCHES} CROSS JOIN {through} t WHERE t.resourceversion_id = {MATCHES}.v"
            f"{' AND ' + limit if limit else ''} GROUP BY t.{target}_id) x"
            f" JOIN {model._meta.db_table} p ON p.id = x.place"
        )
    cursor.execute(" UNION ALL ".join(parts))
    places: dict[str, list[tuple[str, str, int]]] = {"country": [], "region": []}
    for key, code, label, n in cursor.fetchall():
        places[key].append((code, label, n))
    return places


def facet_counts(cursor: Any, criteria: Criteria, *, capped: bool) -> list[Facet]:
    """Counts per type, theme, country, region, language, year and access over the matches.

    Two grouped queries over the temporary table of matches (never one per row or value): one
    for type, year, access, themes and languages, one for countries and regions; with
    ``capped``, over its first ``FACET_CAP`` rows.
    """
    limit = f"{MATCHES}.n <= {int(FACET_CAP)}" if capped else ""
    theme_sums = [f"SUM((theme_bits & {bit}) / {bit})" for bit in THEME_BITS.values()]
    language_sums = [f"SUM((language_bits & {bit}) / {bit})" for bit in LANGUAGE_BITS.values()]
    cursor.execute(
        f"SELECT resource_type, year, resource_access, COUNT(*), {', '.join(theme_sums + language_sums)}"  # noqa: S608 - our column names and numbers
        f" FROM {MATCHES}{' WHERE ' + limit if limit else ''} GROUP BY resource_type, year, resource_access"
    )
    types: dict[str, int] = {}
    years: dict[int, int] = {}
    accesses: dict[str, int] = {}
    themes = dict.fromkeys(THEME_BITS, 0)
    languages = dict.fromkeys(LANGUAGE_BITS, 0)
    for resource_type, year, level, n, *sums in cursor.fetchall():  # one row per group, not per match
        types[resource_type] = types.get(resource_type, 0) + n
        years[year] = years.get(year, 0) + n
        accesses[level] = accesses.get(level, 0) + n
        for value, count in zip(THEME_BITS, sums[: len(THEME_BITS)], strict=True):
            themes[value] += int(count or 0)
        for value, count in zip(LANGUAGE_BITS, sums[len(THEME_BITS) :], strict=True):
            languages[value] += int(count or 0)
    places = _place_counts(cursor, limit)
    type_labels = dict(ResourceType.choices)
    theme_labels = dict(Theme.choices)
    language_labels = dict(ContentLanguage.choices)
    access_labels = dict(Access.choices)
    return [
        Facet(
            "resource_type",
            _bucket_list([(v, type_labels.get(v, v), n) for v, n in types.items()], criteria.resource_type),
        ),
        Facet("theme", _bucket_list([(v, theme_labels[v], n) for v, n in themes.items()], criteria.theme)),
        Facet(
            "country",
            _bucket_list(places["country"], criteria.country.upper()),
        ),
        Facet("region", _bucket_list(places["region"], criteria.region)),
        Facet(
            "language",
            _bucket_list([(v, language_labels[v], n) for v, n in languages.items()], criteria.language),
        ),
        Facet(
            "year",
            sorted(
                _bucket_list([(v, v, n) for v, n in years.items()], str(criteria.year or "")),
                key=lambda b: b.value,
                reverse=True,
            ),
        ),
        Facet(
            "access",
            _bucket_list([(v, access_labels.get(v, v), n) for v, n in accesses.items()], criteria.access),
        ),
    ]
