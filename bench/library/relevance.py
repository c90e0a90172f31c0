"""nDCG@10 of the library ranking on the judged query set ``relevance.json``.

    uv run python bench/library/relevance.py            # SQLite, var/bench-library/relevance
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_library_relevance \
        uv run python bench/library/relevance.py        # PostgreSQL: a database of its own
    uv run python bench/library/relevance.py --judge    # rewrites relevance.json (see below)

The corpus is the deterministic demo corpus (500 resources, seed of ``safeguard.library.demo``).
Judgments were made by rule from the corpus metadata, then kept in the repository so ranking
changes can be compared: grade 2 = the resource's theme, country and content language are the
query's; grade 1 = theme and language match. Searches run as the public (public metadata only).

Read the figure with its ``ranking`` line. Every word of a query must match, so both backends
return the same set of resources, and the queries without a country judge every match grade 1:
the order inside the top ten then cannot change nDCG. So SQLite (bm25) and PostgreSQL
(ts_rank) can give the same nDCG while ranking differently; the ``ranking`` fingerprint (a hash
of every query's ranked top ten) and the count of queries whose top ten mixes grades tell
whether a change of ranking could show at all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
from pathlib import Path

from _setup import corpus, database, django_setup

HERE = Path(__file__).parent
JUDGMENTS = HERE / "relevance.json"
# (theme, query words per language) — the words people would type, not the titles verbatim.
TOPICS = [
    (
        "travel_tourism",
        {
            "en": "tourism child protection",
            "fr": "tourisme protection enfance",
            "es": "turismo protección infancia",
        },
    ),
    (
        "online",
        {
            "en": "online sexual exploitation",
            "fr": "exploitation sexuelle en ligne",
            "es": "explotación sexual en línea",
        },
    ),
    ("trafficking", {"en": "trafficking of children", "fr": "traite des enfants", "es": "trata de niños"}),
    (
        "victim_support",
        {"en": "support services victims", "fr": "aide aux enfants victimes", "es": "apoyo a las víctimas"},
    ),
    (
        "prevention",
        {
            "en": "prevention programmes schools",
            "fr": "prévention dans les écoles",
            "es": "prevención en las escuelas",
        },
    ),
    (
        "child_participation",
        {
            "en": "participation of young people",
            "fr": "participation des jeunes",
            "es": "participación de los jóvenes",
        },
    ),
]


def judge() -> None:
    from django.contrib.auth.models import AnonymousUser

    from safeguard.library.access import visible_versions

    versions = list(
        visible_versions(AnonymousUser())
        .prefetch_related("themes", "languages", "countries")
        .select_related("resource")
    )
    queries = []
    for theme, words in TOPICS:
        for language in ("en", "fr", "es"):
            candidates = [
                v
                for v in versions
                if theme in {t.theme for t in v.themes.all()}
                and language in {lang.language for lang in v.languages.all()}
            ]
            if not candidates:
                continue
            # With a country (the most frequent among the candidates) and without.
            countries = sorted({c for v in candidates for c in v.countries.all()}, key=lambda c: c.iso2)
            country = max(countries, key=lambda c: sum(c in v.countries.all() for v in candidates))
            name = getattr(country, f"name_{language}")
            for with_country in (False, True):
                judged = {}
                for v in candidates:
                    judged[v.resource.slug] = 2 if with_country and country in v.countries.all() else 1
                    if with_country and country not in v.countries.all():
                        judged[v.resource.slug] = 1
                text = f"{words[language]} {name}" if with_country else words[language]
                queries.append({"query": text, "language": language, "judged": judged})
    JUDGMENTS.write_text(
        json.dumps(
            {"corpus": "demo seed 8050, 500 resources", "queries": queries}, ensure_ascii=False, indent=1
        )
        + "\n"
    )
    sys.stdout.write(f"{len(queries)} queries judged into {JUDGMENTS.name}\n")


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judged.get(slug, 0) - 1) / math.log2(i + 2) for i, slug in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", action="store_true")
    args = parser.parse_args()
    django_setup("relevance")
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from safeguard.library.demo import SEED
    from safeguard.library.search import Criteria, search

    corpus(500, seed=SEED, prefix="demo")
    if args.judge:
        judge()
    data = json.loads(JUDGMENTS.read_text())
    by_language: dict[str, list[float]] = {}
    fingerprint = hashlib.sha256()
    mixed = 0
    for item in data["queries"]:
        hits = search(AnonymousUser(), Criteria(q=item["query"]), per_page=10, facets=False).hits
        ranked = [h.version.resource.slug for h in hits]
        fingerprint.update(("\t".join([item["query"], *ranked]) + "\n").encode())
        mixed += len({item["judged"].get(slug, 0) for slug in ranked}) > 1
        score = ndcg(ranked, item["judged"])
        by_language.setdefault(item["language"], []).append(score)
    out = sys.stdout
    out.write(f"command: {' '.join(sys.argv)}\ndatabase: {database()}\n")
    out.write(f"backend {connection.vendor}, {len(data['queries'])} queries\n")
    out.write(
        f"ranking {fingerprint.hexdigest()[:16]}; {mixed} queries have grades that order could change\n"
    )
    for language, scores in sorted(by_language.items()):
        out.write(f"  {language}: nDCG@10 {statistics.mean(scores):.3f} over {len(scores)} queries\n")
    everything = [s for scores in by_language.values() for s in scores]
    out.write(f"  all: nDCG@10 {statistics.mean(everything):.3f}\n")


if __name__ == "__main__":
    main()
