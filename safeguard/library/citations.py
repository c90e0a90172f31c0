"""Citations and metadata exports of a version: CSL-JSON, BibTeX, RIS, formatted references,
Highwire meta tags, schema.org JSON-LD and Dublin Core (OAI-PMH).

All of them start from ``csl_item`` so the formats agree with each other.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.utils.safestring import SafeString, mark_safe

from .models import Creator, ResourceType, ResourceVersion

CSL_DIR = Path(__file__).parent / "data" / "csl"
STYLES = {"apa": "APA", "chicago": "Chicago", "harvard": "Harvard"}
STYLE_FILES = {
    "apa": "apa.csl",
    "chicago": "chicago-author-date.csl",
    "harvard": "harvard-cite-them-right.csl",
}
CSL_LOCALES = {"en": "en-US", "fr": "fr-FR", "es": "es-ES"}
CSL_TYPES = {
    ResourceType.RESEARCH_REPORT: "report",
    ResourceType.MANUAL: "book",
    ResourceType.GOOD_PRACTICE: "report",
    ResourceType.JOURNAL_ISSUE: "periodical",
    ResourceType.POLICY_BRIEF: "report",
    ResourceType.TRAINING: "document",
    ResourceType.COUNTRY_REPORT: "report",
}
BIBTEX_TYPES = {"report": "techreport", "book": "book", "periodical": "misc", "document": "misc"}
RIS_TYPES = {"report": "RPRT", "book": "BOOK", "periodical": "JFULL", "document": "GEN"}
SCHEMA_TYPES = {
    "report": "Report",
    "book": "Book",
    "periodical": "PublicationIssue",
    "document": "CreativeWork",
}


def _creators(version: ResourceVersion) -> list[Creator]:
    return sorted(version.creators.all(), key=lambda c: c.position)


def csl_item(version: ResourceVersion, url: str) -> dict[str, Any]:
    """The version as a CSL-JSON item."""
    authors: list[dict[str, str]] = []
    for creator in _creators(version):
        if creator.kind == Creator.Kind.ORGANISATION:
            authors.append({"literal": creator.name})
        else:
            authors.append({"family": creator.family_name, "given": creator.given_name})
    item: dict[str, Any] = {
        "id": version.resource.slug,
        "type": CSL_TYPES.get(version.resource_type, "document"),
        "title": version.title,
        "author": authors,
        "publisher": version.publisher,
        "issued": {"date-parts": [[version.year]]},
        "URL": url,
        "language": ",".join(language.language for language in version.languages.all()),
    }
    optional = {"abstract": version.abstract, "DOI": version.doi, "ISBN": version.isbn}
    optional["collection-title"] = version.series
    item.update({k: v for k, v in optional.items() if v})
    return item


@functools.cache
def _style(key: str, locale: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(CSL_DIR / STYLE_FILES[key]), locale=locale, validate=False)


def formatted(version: ResourceVersion, url: str, language: str) -> list[tuple[str, SafeString]]:
    """The reference in APA, Chicago and Harvard as HTML (citeproc-py escapes the data)."""
    item = _escaped(csl_item(version, url))
    item.pop("abstract", None)
    out = []
    for key, label in STYLES.items():
        bibliography = CitationStylesBibliography(
            _style(key, CSL_LOCALES.get(language, "en-US")), CiteProcJSON([item]), formatter.html
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        out.append((label, mark_safe(str(bibliography.bibliography()[0]))))  # noqa: S308 - data escaped by _escaped
    return out


def _escaped(value: Any) -> Any:
    """citeproc-py's HTML formatter does not escape the data: escape every string first."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def _bibtex_escape(value: str) -> str:
    value = re.sub(r"([\\{}])", r"\\\1", value)
    return re.sub(r"([&%$#_])", r"\\\1", value)


def bibtex(version: ResourceVersion, url: str) -> str:
    item = csl_item(version, url)
    names = [
        (a.get("literal") and "{" + a["literal"] + "}") or f"{a['family']}, {a['given']}"
        for a in item["author"]
    ]
    kind = BIBTEX_TYPES.get(item["type"], "misc")
    fields = {
        "title": item["title"],
        "author": " and ".join(names),
        ("institution" if kind == "techreport" else "publisher"): item["publisher"],
        "year": str(version.year),
        "url": url,
        "doi": item.get("DOI", ""),
        "isbn": item.get("ISBN", ""),
        "series": item.get("collection-title", ""),
        "abstract": item.get("abstract", ""),
        "language": item["language"],
    }
    key = re.sub(r"[^A-Za-z0-9]", "", version.resource.slug)[:40] + str(version.year)
    lines = [f"@{kind}{{{key},"]
    for name, value in fields.items():
        if value:
            escaped = value if name == "author" else _bibtex_escape(value)
            lines.append(f"  {name} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(version: ResourceVersion, url: str) -> str:
    item = csl_item(version, url)
    lines = [f"TY  - {RIS_TYPES.get(item['type'], 'GEN')}", f"TI  - {item['title']}"]
    for author in item["author"]:
        name = author.get("literal") or f"{author['family']}, {author['given']}".rstrip(", ")
        lines.append(f"AU  - {name}")
    lines += [f"PY  - {version.year}", f"PB  - {item['publisher']}", f"UR  - {url}"]
    for tag, key in (("DO", "DOI"), ("SN", "ISBN"), ("T3", "collection-title"), ("AB", "abstract")):
        if item.get(key):
            lines.append(f"{tag}  - {' '.join(str(item[key]).split())}")
    for language in version.languages.all():
        lines.append(f"LA  - {language.language}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def csl_json(version: ResourceVersion, url: str) -> str:
    return json.dumps([csl_item(version, url)], ensure_ascii=False, indent=2)


def highwire_tags(version: ResourceVersion, url: str, pdf_url: str | None) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` meta tags (values are escaped by the template)."""
    tags = [("citation_title", version.title)]
    for creator in _creators(version):
        tags.append(("citation_author", str(creator)))
    tags += [("citation_publication_date", str(version.year)), ("citation_publisher", version.publisher)]
    if version.resource_type in (ResourceType.RESEARCH_REPORT, ResourceType.COUNTRY_REPORT):
        tags.append(("citation_technical_report_institution", version.publisher))
    for language in version.languages.all():
        tags.append(("citation_language", language.language))
    if version.doi:
        tags.append(("citation_doi", version.doi))
    if version.isbn:
        tags.append(("citation_isbn", version.isbn))
    tags.append(("citation_abstract_html_url", url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def json_ld(version: ResourceVersion, url: str) -> str:
    """schema.org JSON-LD, safe to put in a <script> element ("<" is escaped)."""
    item = csl_item(version, url)
    authors = [
        {"@type": "Organization", "name": a["literal"]}
        if "literal" in a
        else {"@type": "Person", "familyName": a["family"], "givenName": a["given"]}
        for a in item["author"]
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(item["type"], "CreativeWork"),
        "name": item["title"],
        "author": authors,
        "publisher": {"@type": "Organization", "name": version.publisher},
        "datePublished": str(version.year),
        "inLanguage": [language.language for language in version.languages.all()],
        "url": url,
        "license": version.licence,
    }
    if version.abstract:
        data["description"] = version.abstract
    if version.isbn:
        data["isbn"] = version.isbn
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def dublin_core(version: ResourceVersion, url: str) -> list[tuple[str, str]]:
    """``oai_dc`` elements as (element, value) pairs."""
    elements = [("title", t) for t in (version.title_en, version.title_fr, version.title_es) if t]
    elements += [("creator", str(c)) for c in _creators(version)]
    elements += [("subject", t.get_theme_display()) for t in version.themes.all()]
    elements += [
        ("description", a) for a in (version.abstract_en, version.abstract_fr, version.abstract_es) if a
    ]
    elements += [("publisher", version.publisher), ("date", str(version.year))]
    elements += [("type", version.get_resource_type_display()), ("identifier", url)]
    if version.doi:
        elements.append(("identifier", f"doi:{version.doi}"))
    if version.isbn:
        elements.append(("identifier", f"ISBN {version.isbn}"))
    elements += [("language", language.language) for language in version.languages.all()]
    elements += [("coverage", country.name_en) for country in version.countries.all()]
    elements.append(("rights", version.get_licence_display()))
    return elements
