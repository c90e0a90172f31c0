"""Open data (CC BY 4.0): long CSV, scores, citations, framework, XLSX and a Frictionless package.

All rows come from the current snapshots of published assessments, streamed one snapshot at a time
so memory stays constant whatever the number of countries and editions. Bulk import reads the
same columns as the answers export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safeguard.countries.models import Country
from safeguard.lib.tabular import RowError, read_table, validate_table

from . import access, services
from .models import Answer, Assessment, Edition, FrameworkVersion, SubIndicator
from .reports import iter_published, sub_meta

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

ANSWER_COLUMNS = [
    "country",
    "edition",
    "framework_version",
    "pillar",
    "indicator",
    "sub_indicator",
    "answer_type",
    "value",
    "number",
    "date",
    "checked",
    "score",
    "justification",
    "confidence",
    "as_of",
    "citation_ids",
]
SCORE_COLUMNS = [
    "country",
    "edition",
    "level",
    "code",
    "score",
    "coverage",
    "band",
    "bridge_score",
    "red_flags",
]
CITATION_COLUMNS = [
    "citation_id",
    "country",
    "edition",
    "sub_indicator",
    "kind",
    "title",
    "instrument_type",
    "pinpoint",
    "issuing_body",
    "in_force_on",
    "url",
    "quote",
    "language",
    "sha256",
]
FRAMEWORK_COLUMNS = [
    "framework_version",
    "code",
    "pillar",
    "indicator",
    "answer_type",
    "text",
    "evidence",
    "scored",
    "lineage_status",
    "lineage_previous",
]
RESOURCES = {
    "answers": ANSWER_COLUMNS,
    "scores": SCORE_COLUMNS,
    "citations": CITATION_COLUMNS,
    "framework": FRAMEWORK_COLUMNS,
}


def _fmt(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


def answer_rows(edition: Edition | None = None) -> Iterator[list[Any]]:
    metas: dict[int, dict[str, tuple[str, str, str]]] = {}
    for snapshot in iter_published(edition):
        assessment = snapshot.assessment
        version = assessment.edition.framework
        meta = metas.get(version.pk) or metas.setdefault(version.pk, sub_meta(version))
        for a in snapshot.data["answers"]:
            pillar, indicator, answer_type = meta[a["code"]]
            yield [
                assessment.country.iso2,
                assessment.edition.slug,
                version.version,
                pillar,
                indicator,
                a["code"],
                answer_type,
                a["value"],
                a["number"] or "",
                a["date"] or "",
                " ".join(str(i) for i in a["checked"]),
                _fmt(a["score"]),
                a["justification"],
                a["confidence"],
                a["as_of"] or "",
                " ".join(str(c["id"]) for c in a["citations"]),
            ]


def score_rows(edition: Edition | None = None) -> Iterator[list[Any]]:
    for snapshot in iter_published(edition):
        data = snapshot.data
        country, slug = snapshot.assessment.country.iso2, snapshot.assessment.edition.slug
        overall = data["overall"]
        yield [
            country,
            slug,
            "overall",
            "overall",
            _fmt(overall["value"]),
            _fmt(overall["coverage"]),
            overall["band"],
            _fmt(data["bridge"]),
            " ".join(data["red_flags"]),
        ]
        for level in ("pillars", "indicators"):
            for code, s in data[level].items():
                yield [
                    country,
                    slug,
                    level[:-1],
                    code,
                    _fmt(s["value"]),
                    _fmt(s["coverage"]),
                    s["band"],
                    "",
                    "",
                ]


def citation_rows(edition: Edition | None = None) -> Iterator[list[Any]]:
    for snapshot in iter_published(edition):
        country, slug = snapshot.assessment.country.iso2, snapshot.assessment.edition.slug
        for a in snapshot.data["answers"]:
            for c in a["citations"]:
                yield [
                    c["id"],
                    country,
                    slug,
                    a["code"],
                    c["kind"],
                    c["title"],
                    c["instrument_type"],
                    c["pinpoint"],
                    c["issuing_body"],
                    c["in_force_on"] or "",
                    c["url"],
                    c["quote"],
                    c["language"],
                    c["sha256"],
                ]


def framework_rows() -> Iterator[list[Any]]:
    subs = SubIndicator.objects.select_related("framework", "indicator__pillar").order_by(
        "framework__version", "position"
    )
    for s in subs.iterator():
        yield [
            s.framework.version,
            s.code,
            s.indicator.pillar.code,
            s.indicator.code,
            s.answer_type,
            s.text,
            " ".join(s.evidence),
            "true" if s.is_scored else "false",
            s.lineage_status,
            s.lineage_previous_code,
        ]


ROWS = {"answers": answer_rows, "scores": score_rows, "citations": citation_rows}


def rows_for(name: str, edition: Edition | None = None) -> Iterator[list[Any]]:
    if name == "framework":
        return framework_rows()
    return ROWS[name](edition)


def _field(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


def datapackage() -> dict[str, Any]:
    """``datapackage.json``: one tabular resource per CSV, with table schemas and foreign keys."""
    number = {"score", "coverage", "bridge_score"}
    integer = {"citation_id"}
    required = {"country", "edition", "sub_indicator", "code", "framework_version", "citation_id"}

    def schema(columns: list[str]) -> dict[str, Any]:
        fields = []
        for column in columns:
            kind = "number" if column in number else "integer" if column in integer else "string"
            field = _field(column, kind)
            if column in required:
                field["constraints"] = {"required": True}
            fields.append(field)
        return {"fields": fields, "missingValues": [""]}

    answers = schema(ANSWER_COLUMNS)
    answers["primaryKey"] = ["country", "edition", "sub_indicator"]
    answers["foreignKeys"] = [
        {
            "fields": ["framework_version", "sub_indicator"],
            "reference": {"resource": "framework", "fields": ["framework_version", "code"]},
        }
    ]
    citations = schema(CITATION_COLUMNS)
    citations["primaryKey"] = ["citation_id", "sub_indicator"]
    citations["foreignKeys"] = [
        {
            "fields": ["country", "edition", "sub_indicator"],
            "reference": {"resource": "answers", "fields": ["country", "edition", "sub_indicator"]},
        }
    ]
    framework = schema(FRAMEWORK_COLUMNS)
    framework["primaryKey"] = ["framework_version", "code"]
    scores = schema(SCORE_COLUMNS)
    scores["primaryKey"] = ["country", "edition", "level", "code"]
    schemas = {"answers": answers, "scores": scores, "citations": citations, "framework": framework}
    return {
        "name": "safeguard-country-monitoring",
        "title": "Safeguard country monitoring (Agenda for Action)",
        "licenses": [LICENCE],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "profile": "tabular-data-resource",
                "schema": schemas[name],
            }
            for name in ("framework", "answers", "scores", "citations")
        ],
    }


def datapackage_json() -> str:
    return json.dumps(datapackage(), indent=2)


def write_xlsx(target: Any, edition: Edition | None = None) -> None:
    """An XLSX workbook (write-only, constant memory): answers, scores, weights, framework."""
    from openpyxl import Workbook

    from .tabular_safe import safe_row

    workbook = Workbook(write_only=True)
    for name in ("answers", "scores", "framework"):
        sheet = workbook.create_sheet(name)
        sheet.append(RESOURCES[name])
        for row in rows_for(name, edition):
            sheet.append(safe_row(row))
    weights = workbook.create_sheet("weights")
    weights.append(["framework_version", "pillar", "weight"])
    for version in FrameworkVersion.objects.order_by("version"):
        for pillar, weight in version.parameters["pillar_weights"].items():
            weights.append([version.version, pillar, weight])
    workbook.save(target)


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    assessment_key: tuple[int, int]  # (edition id, country id)
    sub: SubIndicator
    data: services.AnswerData


@dataclass
class ImportResult:
    errors: list[RowError]
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def _parse_date(text: str, column: str) -> date | None:
    text = (text or "").strip()[:10]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError({column: _("Not a date (YYYY-MM-DD): %(value)s") % {"value": text}}) from exc


class _RowValidator:
    def __init__(self) -> None:
        self.editions = {e.slug: e for e in Edition.objects.select_related("framework")}
        self.countries = {iso2: pk for iso2, pk in Country.objects.values_list("iso2", "pk")}
        self.subs = {(s.framework_id, s.code): s for s in SubIndicator.objects.all()}
        self.states = {
            (edition_id, country_id): state
            for edition_id, country_id, state in Assessment.objects.values_list(
                "edition_id", "country_id", "state"
            )
        }

    def __call__(self, row: dict[str, str]) -> ImportRow:
        edition = self.editions.get(row.get("edition", ""))
        if edition is None:
            raise ValidationError({"edition": _("Unknown edition.")})
        country = self.countries.get(row.get("country", "").upper())
        if country is None:
            raise ValidationError({"country": _("Unknown country code.")})
        sub = self.subs.get((edition.framework_id, row.get("sub_indicator", "")))
        if sub is None:
            raise ValidationError({"sub_indicator": _("Unknown sub-indicator for this edition's framework.")})
        state = self.states.get((edition.pk, country))
        if state is not None and state not in services.CODER_A_EDITABLE:
            raise ValidationError(
                _("This country's assessment is no longer a draft; its answers cannot be imported.")
            )
        try:
            number = services.parse_decimal(row.get("number", ""))
        except ValidationError as exc:
            raise ValidationError({"number": exc.messages}) from exc
        try:
            checked = tuple(int(x) for x in row.get("checked", "").split())
        except ValueError as exc:
            raise ValidationError({"checked": _("List element numbers separated by spaces.")}) from exc
        data = services.AnswerData(
            value=row.get("value", ""),
            number=number,
            date=_parse_date(row.get("date", ""), "date"),
            checked=checked,
            justification=row.get("justification", ""),
            confidence=row.get("confidence", "") or Answer.Confidence.MEDIUM,
            as_of=_parse_date(row.get("as_of", ""), "as_of"),
        )
        services.answer_validate(sub, data)
        return ImportRow((edition.pk, country), sub, data)


def answers_import(*, data: bytes, filename: str, actor: Any, good_rows_only: bool = False) -> ImportResult:
    """Validate the whole file; write nothing unless clean (or only the good rows when asked).

    Idempotent: re-running the same file changes nothing (natural key: edition, country, code).
    """
    if not access.may_review(actor):
        raise PermissionDenied
    table = validate_table(
        read_table(data, filename=filename, required=("country", "edition", "sub_indicator", "value")),
        _RowValidator(),
    )
    result = ImportResult(errors=list(table.errors))
    if table.errors and not good_rows_only:
        return result
    with transaction.atomic():
        _apply(table.rows, actor, result)
    return result


def _apply(rows: list[tuple[int, ImportRow]], actor: Any, result: ImportResult) -> None:
    assessments: dict[tuple[int, int], Assessment] = {}
    touched: dict[int, Assessment] = {}
    for _line, row in rows:
        assessment = assessments.get(row.assessment_key)
        if assessment is None:
            edition_id, country_id = row.assessment_key
            assessment, _created = Assessment.objects.select_related("edition").get_or_create(
                edition_id=edition_id, country_id=country_id, defaults={"drafted_by_secretariat": True}
            )
            assessments[row.assessment_key] = assessment
        existing = Answer.objects.filter(
            assessment=assessment, sub_indicator=row.sub, coder=Answer.Coder.A
        ).first()
        d = row.data
        new = {
            "value": d.value,
            "number": d.number if d.value == "answered" else None,
            "date": d.date if d.value == "answered" else None,
            "checked": sorted(set(d.checked)) if d.value == "answered" else [],
            "justification": d.justification,
            "confidence": d.confidence,
            "as_of": d.as_of,
        }
        if existing is None:
            Answer.objects.create(assessment=assessment, sub_indicator=row.sub, updated_by=actor, **new)
            result.created += 1
        elif any(getattr(existing, k) != v for k, v in new.items()):
            for key, value in new.items():
                setattr(existing, key, value)
            existing.updated_by = actor
            existing.save()
            result.changed += 1
        else:
            result.unchanged += 1
            continue
        touched[assessment.pk] = assessment
    services.scores_recompute(touched.values())
