"""One search interface over two backends: PostgreSQL full text and SQLite FTS5.

Order of work, the same on both: (1) the access helper gives the index rows this user may match
(``access.searchable_units``) and the facet filters narrow them; (2) only those rows are matched
and ranked (title above abstract above body); (3) facets are counted over the matches; (4) the
best page and a snippet come from pages of files the user may read. A text the user may not
read is never matched, so it cannot rank, count, or show in a snippet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from safeguard.countries.models import active_name_language

from . import access
from .models import (
    Access,
    ContentLanguage,
    Creator,
    PageText,
    ResourceType,
    ResourceVersion,
    Theme,
    VersionLanguage,
    VersionTheme,
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
MATCHED = "library_matched"
FACET_LIMIT = 12


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def filtered_versions(user: Any, criteria: Criteria) -> QuerySet[ResourceVersion]:
    """Visible current versions narrowed by the chosen facets (access first, always)."""
    versions = access.visible_versions(user)
    if criteria.resource_type:
        versions = versions.filter(resource_type=criteria.resource_type)
    if criteria.year:
        versions = versions.filter(year=criteria.year)
    if criteria.access:
        versions = versions.filter(resource__access=criteria.access)
    if criteria.theme:
        versions = versions.filter(pk__in=VersionTheme.objects.filter(theme=criteria.theme).values("version"))
    if criteria.language:
        versions = versions.filter(
            pk__in=VersionLanguage.objects.filter(language=criteria.language).values("version")
        )
    if criteria.country:
        versions = versions.filter(
            pk__in=ResourceVersion.countries.through.objects.filter(
                country__iso2=criteria.country.upper()
            ).values("resourceversion")
        )
    if criteria.region:
        versions = versions.filter(
            pk__in=ResourceVersion.regions.through.objects.filter(region__m49=criteria.region).values(
                "resourceversion"
            )
        )
    return versions


def _query_languages(criteria: Criteria) -> tuple[str, ...]:
    if criteria.language in STEMMED_LANGUAGES:
        return (criteria.language,)
    return (*STEMMED_LANGUAGES, "simple")


def _ranked_sql(user: Any, criteria: Criteria, parsed: ParsedQuery) -> tuple[str, list[Any]]:
    """SQL giving (v = version id, s = score, lower is better) for every permitted match."""
    units = access.searchable_units(user).filter(version__in=filtered_versions(user, criteria).values("pk"))
    units_sql, units_params = units.values("pk").query.sql_with_params()
    languages = _query_languages(criteria)
    if connection.vendor == "postgresql":
        text = pg_query_text(parsed)
        tsquery = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in languages)
        params: list[Any] = []
        for language in languages:
            params += [PG_CONFIGS.get(language, "library_simple"), text]
        sql = (
            "SELECT u.version_id AS v, -MAX(ts_rank(u.search_vector, q.query)) AS s"  # noqa: S608 - only our SQL and Django's compiled subqueries; values are parameters
            f" FROM library_searchunit u, (SELECT ({tsquery}) AS query) q"
            f" WHERE u.search_vector @@ q.query AND u.id IN ({units_sql}) GROUP BY u.version_id"
        )
        return sql, [*params, *units_params]
    sql = (
        "SELECT v, MIN(s) AS s FROM (SELECT u.version_id AS v, bm25(library_fts, 10.0, 4.0, 1.0) AS s"  # noqa: S608 - only our SQL and Django's compiled subqueries; values are parameters
        " FROM library_fts JOIN library_searchunit u ON u.id = library_fts.rowid"
        f" WHERE library_fts MATCH %s AND u.id IN ({units_sql}) LIMIT -1) GROUP BY v"
    )
    return sql, [fts_match(parsed, languages), *units_params]


def search(user: Any, criteria: Criteria, *, per_page: int = PER_PAGE, facets: bool = True) -> Results:
    """The one entry point: results, facets and snippets for ``user``."""
    parsed = parse_query(criteria.q)
    offset = (max(criteria.page, 1) - 1) * per_page
    if parsed.empty:
        sql, sql_params = (
            filtered_versions(user, criteria).annotate(v=F("pk")).values("v").query.sql_with_params()
        )
        ranked_sql, params = sql, list(sql_params)
    else:
        ranked_sql, params = _ranked_sql(user, criteria, parsed)
    # The matches are computed once into a temporary table; the page, the total and every facet
    # read it instead of re-running the ranking.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {MATCHED} (v integer PRIMARY KEY, s double precision)"
        )
        cursor.execute(f"DELETE FROM {MATCHED}")  # noqa: S608
        score = "0" if parsed.empty else "s"
        cursor.execute(f"INSERT INTO {MATCHED} (v, s) SELECT v, {score} FROM ({ranked_sql}) r", params)  # noqa: S608
        cursor.execute(f"SELECT COUNT(*) FROM {MATCHED}")  # noqa: S608
        total = cursor.fetchone()[0]
        if parsed.empty:
            page_ids = list(
                ResourceVersion.objects.filter(pk__in=RawSQL(f"SELECT v FROM {MATCHED}", []))  # noqa: S608, S611
                .order_by("-year", "-pk")
                .values_list("pk", flat=True)[offset : offset + per_page]
            )
        else:
            cursor.execute(f"SELECT v FROM {MATCHED} ORDER BY s, v LIMIT %s OFFSET %s", [per_page, offset])  # noqa: S608
            page_ids = [row[0] for row in cursor.fetchall()]
    matched = ResourceVersion.objects.filter(pk__in=RawSQL(f"SELECT v FROM {MATCHED}", []))  # noqa: S608, S611
    hits = _hits(user, page_ids, parsed)
    return Results(criteria, total, hits, facet_counts(matched, criteria) if facets and total else [])


def _hits(user: Any, ids: list[int], parsed: ParsedQuery) -> list[Hit]:
    versions = (
        ResourceVersion.objects.filter(pk__in=ids)
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
    files_sql, files_params = readable.values("pk").query.sql_with_params()
    text = pg_query_text(parsed)
    config = (
        "(CASE u.language WHEN 'en' THEN 'library_english' WHEN 'fr' THEN 'library_french'"
        " WHEN 'es' THEN 'library_spanish' ELSE 'library_simple' END)::regconfig"
    )
    sql = (
        f"SELECT DISTINCT ON (f.version_id) f.version_id, p.number,"  # noqa: S608 - only our SQL and Django's compiled subqueries; values are parameters
        f" ts_headline({config}, p.text, websearch_to_tsquery({config}, %s),"
        f" 'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, MaxFragments=1')"
        " FROM library_pagetext p JOIN library_resourcefile f ON f.id = p.file_id"
        " JOIN library_searchunit u ON u.file_id = f.id"
        f" WHERE f.id IN ({files_sql})"
        f" AND to_tsvector({config}, p.text) @@ websearch_to_tsquery({config}, %s)"
        f" ORDER BY f.version_id, ts_rank(to_tsvector({config}, p.text), websearch_to_tsquery({config}, %s))"
        " DESC, p.number"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, *files_params, text, text])
        return {vid: (number, mark_markers(headline)) for vid, number, headline in cursor.fetchall()}


def _bucket_list(rows: list[tuple[str, str, int]], selected: str) -> list[Bucket]:
    rows = sorted(rows, key=lambda r: (-r[2], str(r[1])))[:FACET_LIMIT]
    return [
        Bucket(str(value), str(label), count, str(value) == str(selected)) for value, label, count in rows
    ]


def facet_counts(matched: QuerySet[ResourceVersion], criteria: Criteria) -> list[Facet]:
    """Counts per type, theme, country, region, language, year and access over the matches."""
    ids = matched.values("pk")
    name = f"name_{active_name_language()}"
    types = dict(ResourceType.choices)
    themes = dict(Theme.choices)
    languages = dict(ContentLanguage.choices)
    accesses = dict(Access.choices)
    countries_through = ResourceVersion.countries.through.objects.filter(resourceversion__in=ids)
    regions_through = ResourceVersion.regions.through.objects.filter(resourceversion__in=ids)
    type_rows = (
        ResourceVersion.objects.filter(pk__in=ids).values_list("resource_type").annotate(n=Count("pk"))
    )
    theme_rows = VersionTheme.objects.filter(version__in=ids).values_list("theme").annotate(n=Count("pk"))
    language_rows = (
        VersionLanguage.objects.filter(version__in=ids).values_list("language").annotate(n=Count("pk"))
    )
    year_rows = ResourceVersion.objects.filter(pk__in=ids).values_list("year").annotate(n=Count("pk"))
    access_rows = (
        ResourceVersion.objects.filter(pk__in=ids).values_list("resource__access").annotate(n=Count("pk"))
    )
    country_rows = countries_through.values_list("country__iso2", f"country__{name}").annotate(n=Count("pk"))
    region_rows = regions_through.values_list("region__m49", f"region__{name}").annotate(n=Count("pk"))
    return [
        Facet(
            "resource_type",
            _bucket_list([(v, types.get(v, v), n) for v, n in type_rows], criteria.resource_type),
        ),
        Facet("theme", _bucket_list([(v, themes.get(v, v), n) for v, n in theme_rows], criteria.theme)),
        Facet("country", _bucket_list(list(country_rows), criteria.country.upper())),
        Facet("region", _bucket_list(list(region_rows), criteria.region)),
        Facet(
            "language",
            _bucket_list([(v, languages.get(v, v), n) for v, n in language_rows], criteria.language),
        ),
        Facet(
            "year",
            sorted(
                _bucket_list([(v, v, n) for v, n in year_rows], str(criteria.year or "")),
                key=lambda b: b.value,
                reverse=True,
            ),
        ),
        Facet("access", _bucket_list([(v, accesses.get(v, v), n) for v, n in access_rows], criteria.access)),
    ]
