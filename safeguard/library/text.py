"""Words, stems and snippets: the language-aware part of search that both backends share.

SQLite's FTS5 only stems English (porter), so on SQLite we stem in Python with the Snowball
stemmers for English, French and Spanish, both when indexing and when querying, and give FTS5
the stems (``unicode61 remove_diacritics 2`` then folds accents on both sides). Snippets on
SQLite are cut here from the page text the user may read; PostgreSQL uses ``ts_headline``.
Either way the text is escaped first, then the matches are marked.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STEMMED_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}
PG_CONFIGS = {"en": "library_english", "fr": "library_french", "es": "library_spanish"}
WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]+)"')
# Markers no extracted text contains: matches are marked with them, the text is escaped, then
# the markers become <mark> elements.
START, STOP = "\x02", "\x03"


def search_language(language: str) -> str:
    """The index language of a content language: one we stem, or "simple"."""
    return language if language in STEMMED_LANGUAGES else "simple"


def pg_config(language: str) -> str:
    return PG_CONFIGS.get(language, "library_simple")


@functools.cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMED_LANGUAGES[language])


def fold(word: str) -> str:
    """Lower case without accents (what FTS5's remove_diacritics does to the stems)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@functools.lru_cache(maxsize=500_000)
def stem(word: str, language: str) -> str:
    """The folded stem of one word (cached: the Snowball stemmers are pure Python, words repeat)."""
    if language in STEMMED_LANGUAGES:
        word = _stemmer(language).stemWord(word.lower())
    return fold(word)


def stem_text(text: str, language: str) -> str:
    """The text as FTS5 should index it: one stem per word, in order (phrases still match)."""
    return " ".join(stem(w, language) for w in words(text))


@dataclass(frozen=True)
class ParsedQuery:
    """A query as groups of words: each group a phrase (one word or a quoted run), all required."""

    groups: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.groups


def parse_query(query: str) -> ParsedQuery:
    groups: list[tuple[str, ...]] = []
    for phrase in PHRASE.findall(query):
        if tokens := tuple(words(phrase)):
            groups.append(tokens)
    for word in words(PHRASE.sub(" ", query)):
        groups.append((word,))
    return ParsedQuery(tuple(groups[:12]))


def fts_match(parsed: ParsedQuery, languages: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression: the query stemmed in each language, any language may match."""
    alternatives = []
    for language in languages:
        terms = []
        for group in parsed.groups:
            stems = " ".join(stem(w, language) for w in group)
            terms.append('"' + stems.replace('"', "") + '"')
        alternatives.append("(" + " AND ".join(terms) + ")")
    return " OR ".join(dict.fromkeys(alternatives))


def pg_query_text(parsed: ParsedQuery) -> str:
    """The query for ``websearch_to_tsquery``: quoted phrases kept, words ANDed."""
    return " ".join(f'"{" ".join(g)}"' if len(g) > 1 else g[0] for g in parsed.groups)


def page_score(text: str, parsed: ParsedQuery, language: str) -> int:
    """How many of the query's stems appear on a page (phrases count once when all words occur)."""
    stems = set(stem_text(text, language).split())
    return sum(1 for group in parsed.groups if all(stem(w, language) in stems for w in group))


def snippet(text: str, parsed: ParsedQuery, language: str, *, width: int = 30) -> SafeString:
    """About ``width`` words of ``text`` around its best match, escaped, matches in <mark>."""
    tokens = list(WORD.finditer(text))
    if not tokens:
        return mark_safe("")
    wanted = {stem(w, language) for group in parsed.groups for w in group}
    hits = [i for i, m in enumerate(tokens) if stem(m.group(), language) in wanted]
    hit_set = set(hits)
    centre = hits[0] if hits else 0
    first = max(0, centre - width // 3)
    last = min(len(tokens) - 1, first + width)
    marked = []
    cursor = tokens[first].start()
    for i in range(first, last + 1):
        match = tokens[i]
        marked.append(text[cursor : match.start()])
        word = match.group()
        marked.append(f"{START}{word}{STOP}" if i in hit_set else word)
        cursor = match.end()
    body = "".join(marked)
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(tokens) - 1 else ""
    return mark_markers(prefix + body + suffix)


def mark_markers(text: str) -> SafeString:
    """Escape ``text``, then turn the START/STOP markers into <mark> elements."""
    escaped = escape(" ".join(text.split()))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above
