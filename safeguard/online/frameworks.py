"""The frameworks data file: validation and an idempotent loader.

The loader works with real models and with a migration's historical models (``get_model``), so
the same code runs in the data migration, the ``online_load_frameworks`` command and the demo.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

DATA_FILE = Path(__file__).parent / "data" / "frameworks-v1.json"
LANGUAGES = ("en", "fr", "es")
# The Model National Response 2015 as the spec lists it: 21 capabilities in six domains.
MNR_2015_DOMAINS = 6
MNR_2015_CAPABILITIES = 21


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _names(item: dict[str, Any], where: str, errors: list[str]) -> None:
    for language in LANGUAGES:
        if not str(item.get(f"name_{language}", "")).strip():
            errors.append(f"{where}: name_{language} is missing")


def validate_data(data: dict[str, Any]) -> None:
    """Raise a ValidationError listing every problem of the file; return None when it is sound."""
    errors: list[str] = []
    if not isinstance(data.get("data_version"), int):
        errors.append("data_version must be an integer")
    codes: set[str] = set()
    references: list[tuple[str, str]] = []
    for framework in data.get("frameworks", []):
        fcode = framework.get("code", "?")
        _names(framework, fcode, errors)
        if framework.get("kind") not in ("national", "industry"):
            errors.append(f"{fcode}: kind must be national or industry")
        for version in framework.get("versions", []):
            where = f"{fcode} {version.get('version')}"
            domains = {d["code"] for d in version.get("domains", [])}
            for domain in version.get("domains", []):
                _names(domain, f"{where} domain {domain['code']}", errors)
            ranks = [level["rank"] for level in version.get("maturity_levels", [])]
            if not ranks or len(set(ranks)) != len(ranks) or not all(0 <= r <= 5 for r in ranks):
                errors.append(f"{where}: maturity ranks must be distinct, within 0..5")
            if 0 not in ranks:
                errors.append(f"{where}: the scale needs rank 0 (unknown)")
            numbers = [c["number"] for c in version.get("capabilities", [])]
            if len(set(numbers)) != len(numbers):
                errors.append(f"{where}: capability numbers repeat")
            for capability in version.get("capabilities", []):
                code = capability.get("code", "?")
                _names(capability, code, errors)
                if code in codes:
                    errors.append(f"{code}: code used twice")
                codes.add(code)
                if capability.get("domain") not in domains:
                    errors.append(f"{code}: unknown domain {capability.get('domain')}")
                references += [(code, target) for target in capability.get("maps_to", [])]
                references += [(code, source) for source in capability.get("maps_from", [])]
            if (
                fcode == "mnr"
                and version.get("version") == "2015"
                and (len(domains) != MNR_2015_DOMAINS or len(numbers) != MNR_2015_CAPABILITIES)
            ):
                errors.append(f"{where}: must have 21 capabilities in six domains")
    errors += [f"{code}: maps to unknown {target}" for code, target in references if target not in codes]
    if errors:
        raise ValidationError(errors)


def load_frameworks(data: dict[str, Any], get_model: Callable[[str], Any]) -> dict[str, int]:
    """Create or update every framework, version, domain, level and capability; set the cross-walk.

    Running it twice changes nothing. Returns counts of what the file holds.
    """
    validate_data(data)
    Framework, FrameworkVersion = get_model("Framework"), get_model("FrameworkVersion")
    Domain, MaturityLevel, Capability = (
        get_model("Domain"),
        get_model("MaturityLevel"),
        get_model("Capability"),
    )
    names = lambda item: {f"name_{lang}": item[f"name_{lang}"] for lang in LANGUAGES}  # noqa: E731
    counts = {"frameworks": 0, "versions": 0, "capabilities": 0, "links": 0}
    capabilities: dict[str, Any] = {}
    links: list[tuple[str, str]] = []
    for fdata in data["frameworks"]:
        framework, _ = Framework.objects.update_or_create(
            code=fdata["code"],
            defaults={"kind": fdata["kind"], "publisher": fdata["publisher"], **names(fdata)},
        )
        counts["frameworks"] += 1
        for vdata in fdata["versions"]:
            version, _ = FrameworkVersion.objects.update_or_create(
                framework=framework,
                version=vdata["version"],
                defaults={
                    "published_on": vdata.get("published_on"),
                    "source_url": vdata.get("source_url", ""),
                    "provisional": vdata.get("provisional", False),
                    "is_current": vdata.get("is_current", False),
                    "data_version": data["data_version"],
                },
            )
            counts["versions"] += 1
            domains = {}
            for order, ddata in enumerate(vdata["domains"], start=1):
                domains[ddata["code"]], _ = Domain.objects.update_or_create(
                    framework_version=version, code=ddata["code"], defaults={"order": order, **names(ddata)}
                )
            for ldata in vdata["maturity_levels"]:
                MaturityLevel.objects.update_or_create(
                    framework_version=version,
                    code=ldata["code"],
                    defaults={"rank": ldata["rank"], **names(ldata)},
                )
            for cdata in vdata["capabilities"]:
                capabilities[cdata["code"]], _ = Capability.objects.update_or_create(
                    code=cdata["code"],
                    defaults={
                        "framework_version": version,
                        "domain": domains[cdata["domain"]],
                        "number": cdata["number"],
                        **names(cdata),
                    },
                )
                counts["capabilities"] += 1
                links += [(cdata["code"], target) for target in cdata.get("maps_to", [])]
                links += [(source, cdata["code"]) for source in cdata.get("maps_from", [])]
    targets: dict[str, set[str]] = {}
    for source, target in links:
        targets.setdefault(source, set()).add(target)
    for code, capability in capabilities.items():
        capability.maps_to.set([capabilities[t] for t in sorted(targets.get(code, ()))])
    counts["links"] = len(set(links))
    return counts
