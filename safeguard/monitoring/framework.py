"""Load and validate a framework version from its data file (``data/framework-<version>.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import AnswerType, Commitment, FrameworkVersion, Indicator, Pillar, SubIndicator, Treaty
from .scoring import Method, SubDef

DATA_DIR = Path(__file__).parent / "data"
CURRENT_VERSION = "2026.1"
RULE_KINDS = {"ynp", "treaty", "checklist", "bands", "date_not_expired", "context"}
LINEAGE = {choice.value for choice in SubIndicator.Lineage}
EVIDENCE = {"LEG", "DOC"}


def framework_path(version: str = CURRENT_VERSION) -> Path:
    return DATA_DIR / f"framework-{version}.json"


def validate_framework(data: dict[str, Any]) -> list[str]:
    """Every problem of the file, each naming the offending item; empty when the file is sound."""
    errors: list[str] = []
    for key in (
        "framework",
        "version",
        "title",
        "pillars",
        "bands",
        "ynp_scores",
        "treaty_scores",
        "red_flags",
    ):
        if key not in data:
            errors.append(f"framework: missing key '{key}'")
    if errors:
        return errors
    seen: set[str] = set()
    pillar_codes = set()
    for pillar in data["pillars"]:
        pcode = pillar.get("code", "?")
        pillar_codes.add(pcode)
        if not isinstance(pillar.get("weight"), int) or pillar["weight"] < 0:
            errors.append(f"pillar {pcode}: weight must be a non-negative integer")
        if not pillar.get("indicators"):
            errors.append(f"pillar {pcode}: has no indicators")
        for indicator in pillar.get("indicators", []):
            icode = indicator.get("code", "?")
            if not str(icode).startswith(str(pillar.get("number", "?")) + "."):
                errors.append(f"indicator {icode}: code does not belong to pillar {pcode}")
            for sub in indicator.get("sub_indicators", []):
                code = sub.get("code", "?")
                errors.extend(_validate_sub(code, icode, sub, seen))
                seen.add(code)
    for weighting, weights in data.get("alternative_weightings", {}).items():
        if set(weights) != pillar_codes:
            errors.append(f"weighting {weighting}: must give a weight to each of {sorted(pillar_codes)}")
    for flag in data["red_flags"]:
        target = flag.get("sub_indicator")
        if target is not None and target not in seen:
            errors.append(f"red flag {flag.get('code', '?')}: unknown sub-indicator {target}")
    for treaty in data.get("treaties", []):
        if treaty.get("sub_indicator") not in seen:
            errors.append(
                f"treaty {treaty.get('code', '?')}: unknown sub-indicator {treaty.get('sub_indicator')}"
            )
    return errors


def _validate_sub(code: str, icode: str, sub: dict[str, Any], seen: set[str]) -> list[str]:
    errors = []
    if code in seen:
        errors.append(f"sub-indicator {code}: duplicate code")
    if not str(code).startswith(str(icode)):
        errors.append(f"sub-indicator {code}: code does not belong to indicator {icode}")
    if sub.get("answer_type") not in AnswerType.values:
        errors.append(f"sub-indicator {code}: unknown answer type {sub.get('answer_type')!r}")
    rule = sub.get("scoring_rule", {})
    kind = rule.get("kind")
    if kind not in RULE_KINDS:
        errors.append(f"sub-indicator {code}: unknown scoring rule {kind!r}")
    if kind == "bands":
        minimums = [band.get("min") for band in rule.get("bands", [])]
        if not minimums or minimums != sorted(minimums, reverse=True):
            errors.append(f"sub-indicator {code}: bands must be listed from the highest minimum down")
        if any(not 0 <= band.get("score", -1) <= 1 for band in rule.get("bands", [])):
            errors.append(f"sub-indicator {code}: band scores must lie between 0 and 1")
    if kind == "checklist" and int(rule.get("elements", 0)) < 1:
        errors.append(f"sub-indicator {code}: a checklist needs at least one element")
    if not set(sub.get("evidence", [])) <= EVIDENCE:
        errors.append(f"sub-indicator {code}: evidence kinds must be among {sorted(EVIDENCE)}")
    if sub.get("lineage", {}).get("status") not in LINEAGE:
        errors.append(f"sub-indicator {code}: unknown lineage status")
    return errors


def parameters_of(data: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "bands",
        "ynp_scores",
        "treaty_scores",
        "indicator_min_coverage",
        "red_flags",
        "alternative_weightings",
        "method_version",
        "lineage_note",
    )
    params = {key: data[key] for key in keys if key in data}
    params["pillar_weights"] = {p["code"]: p["weight"] for p in data["pillars"]}
    return params


@transaction.atomic
def framework_load(path: Path) -> FrameworkVersion:
    """Create or update the framework version in ``path``; raises ValidationError naming each problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path.name}: {exc}") from exc
    errors = validate_framework(data)
    if errors:
        raise ValidationError(errors)
    previous = FrameworkVersion.objects.filter(version=data.get("previous_version") or "-").first()
    version, _ = FrameworkVersion.objects.update_or_create(
        version=data["version"],
        defaults={
            "framework": data["framework"],
            "title": data["title"],
            "method_version": data.get("method_version", data["version"]),
            "parameters": parameters_of(data),
            "previous": previous,
        },
    )
    if not Pillar.objects.filter(framework=version).exists():
        _bulk_create_tree(version, data, previous)
    else:
        _update_tree(version, data, previous)
    for treaty in data.get("treaties", []):
        Treaty.objects.update_or_create(
            code=treaty["code"],
            defaults={"title": treaty["title"], "sub_indicator_code": treaty["sub_indicator"]},
        )
    for commitment in data.get("commitments", []):
        Commitment.objects.update_or_create(
            code=commitment["code"], defaults={"title": commitment["title"], "year": commitment["year"]}
        )
    return version


def _sub_fields(sub: dict[str, Any], position: int, previous_subs: dict[str, SubIndicator]) -> dict[str, Any]:
    lineage = sub["lineage"]
    return {
        "uuid": sub["uuid"],
        "text": sub["text"],
        "answer_type": sub["answer_type"],
        "scoring_rule": sub["scoring_rule"],
        "elements": sub.get("elements", 0),
        "unit": sub.get("unit", ""),
        "evidence": sub.get("evidence", []),
        "position": position,
        "lineage_status": lineage["status"],
        "lineage_previous": previous_subs.get(lineage.get("previous") or ""),
        "lineage_previous_code": lineage.get("previous") or "",
    }


def _previous_subs(previous: FrameworkVersion | None) -> dict[str, SubIndicator]:
    if previous is None:
        return {}
    return {s.code: s for s in SubIndicator.objects.filter(framework=previous)}


def _bulk_create_tree(
    version: FrameworkVersion, data: dict[str, Any], previous: FrameworkVersion | None
) -> None:
    """A new version: three bulk inserts."""
    previous_subs = _previous_subs(previous)
    pillars = Pillar.objects.bulk_create(
        Pillar(framework=version, code=p["code"], number=p["number"], title=p["title"], weight=p["weight"])
        for p in data["pillars"]
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(pillar=pillar, code=i["code"], title=i["title"], position=n)
        for pillar, p in zip(pillars, data["pillars"], strict=True)
        for n, i in enumerate(p["indicators"])
    )
    by_code = {i.code: i for i in indicators}
    subs = []
    position = 0
    for p in data["pillars"]:
        for i in p["indicators"]:
            for sub in i["sub_indicators"]:
                position += 1
                subs.append(
                    SubIndicator(
                        framework=version,
                        indicator=by_code[i["code"]],
                        code=sub["code"],
                        **_sub_fields(sub, position, previous_subs),
                    )
                )
    SubIndicator.objects.bulk_create(subs)


def _update_tree(version: FrameworkVersion, data: dict[str, Any], previous: FrameworkVersion | None) -> None:
    """An existing version: update each row in place by its code (texts, rules, weights)."""
    previous_subs = _previous_subs(previous)
    position = 0
    for pillar_data in data["pillars"]:
        pillar, _ = Pillar.objects.update_or_create(
            framework=version,
            code=pillar_data["code"],
            defaults={
                "number": pillar_data["number"],
                "title": pillar_data["title"],
                "weight": pillar_data["weight"],
            },
        )
        for i, indicator_data in enumerate(pillar_data["indicators"]):
            indicator, _ = Indicator.objects.update_or_create(
                pillar=pillar,
                code=indicator_data["code"],
                defaults={"title": indicator_data["title"], "position": i},
            )
            for sub in indicator_data["sub_indicators"]:
                position += 1
                SubIndicator.objects.update_or_create(
                    framework=version,
                    code=sub["code"],
                    defaults={"indicator": indicator, **_sub_fields(sub, position, previous_subs)},
                )


def ensure_current_framework() -> FrameworkVersion:
    existing = FrameworkVersion.objects.filter(version=CURRENT_VERSION).first()
    return existing or framework_load(framework_path())


def method_for(version: FrameworkVersion) -> Method:
    return Method.from_parameters(version.parameters)


def sub_defs(version: FrameworkVersion) -> list[SubDef]:
    subs = (
        SubIndicator.objects.filter(framework=version)
        .select_related("indicator__pillar")
        .order_by("position")
    )
    return [
        SubDef(
            code=s.code,
            indicator=s.indicator.code,
            pillar=s.indicator.pillar.code,
            answer_type=s.answer_type,
            rule=s.scoring_rule,
            lineage=s.lineage_status,
        )
        for s in subs
    ]
