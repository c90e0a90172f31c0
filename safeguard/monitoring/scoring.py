"""The scoring rules of the monitoring framework, as pure functions (no database, no clock).

Rules (spec ``monitoring-framework.md``, "Scoring rules"), every parameter read from the
framework version's ``parameters``:

1. Sub-indicator score in [0, 1]: YNP yes 1 / partial 0.5 / no 0; treaties ratified 1 / signed
   0.5 / none 0; checklists the share ticked; numbers by fixed bands (never relative to the
   cohort); a plan's end date scores 1 while not expired at the assessment date.
2. "No data" and "not applicable" leave the denominator and are never imputed. An indicator is
   scored only when at least ``indicator_min_coverage`` of its applicable sub-indicators have an
   answer; coverage is returned beside every score.
3. Indicator = mean of sub-scores x 100; pillar = mean of its scored indicators; overall =
   weighted mean of the scored pillars (weights renormalised over the pillars that have a score).
4. Each red flag subtracts its penalty from the overall score (never below 0) and caps the band.
5. Bands are fixed thresholds. The bridge score repeats the computation with only the
   sub-indicators whose lineage is "same" or "reworded".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

BRIDGE_LINEAGE = frozenset({"same", "reworded"})
MISSING = "no_data"
NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class SubDef:
    code: str
    indicator: str
    pillar: str
    answer_type: str
    rule: Mapping[str, Any]
    lineage: str = "same"

    @property
    def scored(self) -> bool:
        return self.rule.get("kind") != "context"


@dataclass(frozen=True)
class AnswerIn:
    value: str
    number: float | Decimal | None = None
    date: date | None = None
    checked: tuple[int, ...] = ()


@dataclass(frozen=True)
class Method:
    pillar_weights: Mapping[str, float]
    bands: Sequence[tuple[str, float]]  # (band, minimum), best first
    ynp: Mapping[str, float]
    treaty: Mapping[str, float]
    min_coverage: float
    red_flags: Sequence[Mapping[str, Any]]
    weightings: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    version: str = ""

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, Any]) -> Method:
        return cls(
            pillar_weights=dict(parameters["pillar_weights"]),
            bands=[(b["band"], float(b["min"])) for b in parameters["bands"]],
            ynp=dict(parameters["ynp_scores"]),
            treaty=dict(parameters["treaty_scores"]),
            min_coverage=float(parameters["indicator_min_coverage"]),
            red_flags=list(parameters["red_flags"]),
            weightings=dict(parameters.get("alternative_weightings", {})),
            version=str(parameters.get("method_version", "")),
        )


@dataclass(frozen=True)
class Result:
    value: float | None  # 0..100, None when not scored
    coverage: float  # 0..100, share of applicable sub-indicators with an answer
    band: str = ""


@dataclass
class AssessmentResult:
    indicators: dict[str, Result]
    pillars: dict[str, Result]
    overall: Result
    bridge: float | None
    red_flags: list[str]
    unflagged_overall: float | None = None


def sub_score(sub: SubDef, answer: AnswerIn | None, method: Method, assessed_on: date) -> float | str | None:
    """The score in [0, 1]; ``None`` when unanswered or no data; ``"na"`` when not applicable."""
    if answer is None or answer.value in ("", MISSING):
        return None
    if answer.value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    kind = sub.rule.get("kind")
    if kind == "ynp":
        return method.ynp.get(answer.value)
    if kind == "treaty":
        return method.treaty.get(answer.value)
    if kind == "checklist":
        elements = int(sub.rule["elements"])
        ticked = {i for i in answer.checked if 0 <= i < elements}
        return len(ticked) / elements
    if kind == "bands":
        if answer.number is None:
            return None
        number = float(answer.number)
        for band in sub.rule["bands"]:  # highest minimum first
            if number >= float(band["min"]):
                return float(band["score"])
        return 0.0
    if kind == "date_not_expired":
        if answer.date is None:
            return None
        return 1.0 if answer.date >= assessed_on else 0.0
    return None  # context series are not scored


def band_for(value: float | None, method: Method, *, cap: str = "") -> str:
    if value is None:
        return ""
    band = method.bands[-1][0]
    for name, minimum in method.bands:
        if value >= minimum:
            band = name
            break
    if cap:
        order = [name for name, _ in method.bands]
        if order.index(band) < order.index(cap):
            return cap
    return band


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def _score_subset(
    subs: Sequence[SubDef],
    scores: Mapping[str, float | str | None],
    method: Method,
    weights: Mapping[str, float],
) -> tuple[dict[str, Result], dict[str, Result], float | None, float]:
    """Aggregate precomputed sub-indicator scores into indicators, pillars and the overall score."""
    per_indicator: dict[str, list[float | str | None]] = {}
    indicator_pillar: dict[str, str] = {}
    for sub in subs:
        if sub.scored:
            per_indicator.setdefault(sub.indicator, []).append(scores.get(sub.code))
            indicator_pillar[sub.indicator] = sub.pillar

    indicators: dict[str, Result] = {}
    pillar_counts: dict[str, list[int]] = {}
    pillar_values: dict[str, list[float]] = {}
    for code, values in per_indicator.items():
        applicable = [v for v in values if v != NOT_APPLICABLE]
        answered = [float(v) for v in applicable if v is not None]  # type: ignore[arg-type]
        pillar = indicator_pillar[code]
        counts = pillar_counts.setdefault(pillar, [0, 0])
        counts[0] += len(answered)
        counts[1] += len(applicable)
        coverage = len(answered) / len(applicable) if applicable else 0.0
        value = None
        if applicable and answered and coverage >= method.min_coverage:
            value = sum(answered) / len(answered) * 100
            pillar_values.setdefault(pillar, []).append(value)
        indicators[code] = Result(value, coverage * 100, band_for(value, method))

    pillars: dict[str, Result] = {}
    for pillar, (answered_n, applicable_n) in pillar_counts.items():
        value = _mean(pillar_values.get(pillar, ()))
        coverage = answered_n / applicable_n * 100 if applicable_n else 0.0
        pillars[pillar] = Result(value, coverage, band_for(value, method))

    total_answered = sum(c[0] for c in pillar_counts.values())
    total_applicable = sum(c[1] for c in pillar_counts.values())
    overall = weighted_overall({p: r.value for p, r in pillars.items()}, weights)
    coverage = total_answered / total_applicable * 100 if total_applicable else 0.0
    return indicators, pillars, overall, coverage


def weighted_overall(pillar_values: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean over the pillars that have a score (missing pillars leave the denominator)."""
    pairs = [(v, float(weights.get(p, 0))) for p, v in pillar_values.items() if v is not None]
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        return None
    return sum(v * w for v, w in pairs) / total


def red_flags_raised(
    answers: Mapping[str, AnswerIn], method: Method, flags: Mapping[str, bool]
) -> list[Mapping[str, Any]]:
    raised = []
    for flag in method.red_flags:
        code = flag.get("sub_indicator")
        if code is not None:
            answer = answers.get(code)
            if answer is not None and answer.value == flag["trigger"]:
                raised.append(flag)
        elif flags.get(flag.get("assessment_flag", "")):
            raised.append(flag)
    return raised


def _apply_flags(value: float | None, raised: Sequence[Mapping[str, Any]]) -> float | None:
    if value is None:
        return None
    return max(0.0, value - sum(float(f["penalty"]) for f in raised))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def score_assessment(
    subs: Sequence[SubDef],
    answers: Mapping[str, AnswerIn],
    method: Method,
    *,
    assessed_on: date,
    flags: Mapping[str, bool] | None = None,
    weights: Mapping[str, float] | None = None,
) -> AssessmentResult:
    """Every score of one assessment. ``answers`` maps sub-indicator codes to answers."""
    weights = method.pillar_weights if weights is None else weights
    scores = {s.code: sub_score(s, answers.get(s.code), method, assessed_on) for s in subs if s.scored}
    indicators, pillars, overall, coverage = _score_subset(subs, scores, method, weights)
    raised = red_flags_raised(answers, method, flags or {})
    cap = min((f.get("band_cap", "") for f in raised), default="", key=lambda b: b or "Z")
    flagged = _apply_flags(overall, raised)
    bridge_subs = [s for s in subs if s.lineage in BRIDGE_LINEAGE]
    _, _, bridge, _ = _score_subset(bridge_subs, scores, method, weights)
    return AssessmentResult(
        indicators={k: Result(_round(r.value), round(r.coverage, 2), r.band) for k, r in indicators.items()},
        pillars={k: Result(_round(r.value), round(r.coverage, 2), r.band) for k, r in pillars.items()},
        overall=Result(_round(flagged), round(coverage, 2), band_for(flagged, method, cap=cap)),
        bridge=_round(_apply_flags(bridge, raised)),
        red_flags=[str(f["code"]) for f in raised],
        unflagged_overall=_round(overall),
    )


def ranks(values: Mapping[str, float | None]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4), highest first; unscored entries are not ranked."""
    ordered = sorted(
        ((v, k) for k, v in values.items() if v is not None), key=lambda item: (-item[0], item[1])
    )
    result: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, (value, key) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        result[key] = rank
    return result


def rank_ranges(
    pillar_values: Mapping[str, Mapping[str, float | None]],
    method: Method,
    penalties: Mapping[str, float] | None = None,
) -> dict[str, tuple[int, int]]:
    """Each country's best and worst rank over the default and the alternative weightings."""
    penalties = penalties or {}
    weightings = [method.pillar_weights, *method.weightings.values()]
    ranges: dict[str, tuple[int, int]] = {}
    for weights in weightings:
        overall = {}
        for key, pillars in pillar_values.items():
            value = weighted_overall(pillars, weights)
            overall[key] = None if value is None else max(0.0, value - penalties.get(key, 0.0))
        for key, rank in ranks(overall).items():
            low, high = ranges.get(key, (rank, rank))
            ranges[key] = (min(low, rank), max(high, rank))
    return ranges


def agreement(pairs: Sequence[tuple[str, str]]) -> tuple[float | None, float | None]:
    """Percent agreement and Cohen's kappa between two coders' categorical answers."""
    n = len(pairs)
    if n == 0:
        return None, None
    observed = sum(1 for a, b in pairs if a == b) / n
    categories = {a for a, _ in pairs} | {b for _, b in pairs}
    expected = sum(
        (sum(1 for a, _ in pairs if a == c) / n) * (sum(1 for _, b in pairs if b == c) / n)
        for c in categories
    )
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    return round(observed * 100, 1), round(kappa, 3)
