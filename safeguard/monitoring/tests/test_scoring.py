"""The scoring rules pinned with worked examples (spec monitoring-framework.md, "Scoring rules")."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.monitoring.scoring import (
    AnswerIn,
    Method,
    SubDef,
    agreement,
    band_for,
    rank_ranges,
    ranks,
    score_assessment,
    sub_score,
)

WEIGHTS = {"P1": 10, "P2": 10, "P3": 15, "P4": 25, "P5": 15, "P6": 15, "P7": 10}
METHOD = Method.from_parameters(
    {
        "pillar_weights": WEIGHTS,
        "bands": [{"band": b, "min": m} for b, m in (("A", 80), ("B", 60), ("C", 40), ("D", 20), ("E", 0))],
        "ynp_scores": {"yes": 1.0, "partial": 0.5, "no": 0.0},
        "treaty_scores": {"ratified": 1.0, "signed": 0.5, "none": 0.0},
        "indicator_min_coverage": 0.5,
        "red_flags": [
            {"code": "RF1", "sub_indicator": "4.8a", "trigger": "no", "penalty": 5, "band_cap": "C"},
            {"code": "RF2", "assessment_flag": "official_complicity", "penalty": 5, "band_cap": "C"},
        ],
        "alternative_weightings": {"equal": dict.fromkeys(WEIGHTS, 1)},
    }
)
ON = date(2025, 12, 31)
YNP = {"kind": "ynp"}


def ynp(code: str, indicator: str, pillar: str, lineage: str = "same") -> SubDef:
    return SubDef(code, indicator, pillar, "YNP", YNP, lineage)


def a(value: str, **kw: object) -> AnswerIn:
    return AnswerIn(value, **kw)  # type: ignore[arg-type]


INDICATOR = [ynp("1.3a", "1.3", "P1"), ynp("1.3b", "1.3", "P1"), ynp("1.3c", "1.3", "P1")]


def test_yes_partial_no_make_an_indicator_of_50():
    result = score_assessment(
        INDICATOR, {"1.3a": a("yes"), "1.3b": a("partial"), "1.3c": a("no")}, METHOD, assessed_on=ON
    )
    assert result.indicators["1.3"].value == 50.0
    assert result.indicators["1.3"].coverage == 100.0


def test_no_data_leaves_the_denominator_and_lowers_coverage():
    result = score_assessment(
        INDICATOR, {"1.3a": a("yes"), "1.3b": a("no_data"), "1.3c": a("no")}, METHOD, assessed_on=ON
    )
    assert result.indicators["1.3"].value == 50.0  # (1 + 0) / 2, not (1 + 0 + 0) / 3
    assert result.indicators["1.3"].coverage == pytest.approx(66.67)


def test_an_indicator_under_half_answered_is_not_scored():
    result = score_assessment(INDICATOR, {"1.3a": a("yes")}, METHOD, assessed_on=ON)
    assert result.indicators["1.3"].value is None
    assert result.indicators["1.3"].coverage == pytest.approx(33.33)
    assert result.pillars["P1"].value is None
    assert result.overall.value is None


def test_not_applicable_is_out_of_the_denominator_and_of_coverage():
    result = score_assessment(
        INDICATOR, {"1.3a": a("yes"), "1.3b": a("na"), "1.3c": a("partial")}, METHOD, assessed_on=ON
    )
    assert result.indicators["1.3"].value == 75.0
    assert result.indicators["1.3"].coverage == 100.0


@pytest.mark.parametrize(("age", "score"), [(18, 1.0), (16, 1.0), (15, 0.5), (14, 0.5), (13, 0.0)])
def test_age_of_consent_uses_fixed_bands(age, score):
    rule = {
        "kind": "bands",
        "bands": [{"min": 16, "score": 1}, {"min": 14, "score": 0.5}, {"min": 0, "score": 0}],
    }
    sub = SubDef("4.2b", "4.2", "P4", "NUM", rule)
    assert sub_score(sub, a("answered", number=age), METHOD, ON) == score


def test_treaty_dates_score_ratified_signed_none():
    sub = SubDef("4.1b", "4.1", "P4", "DATE", {"kind": "treaty"})
    assert [sub_score(sub, a(v), METHOD, ON) for v in ("ratified", "signed", "none")] == [1.0, 0.5, 0.0]
    assert sub_score(sub, a("na"), METHOD, ON) == "na"


def test_a_checklist_scores_the_share_ticked():
    sub = SubDef("4.4b", "4.4", "P4", "CHK", {"kind": "checklist", "elements": 7})
    assert sub_score(sub, a("answered", checked=(0, 1, 2, 3, 4)), METHOD, ON) == pytest.approx(5 / 7)


def test_a_plan_scores_only_while_not_expired():
    sub = SubDef("1.1c", "1.1", "P1", "DATE", {"kind": "date_not_expired"})
    assert sub_score(sub, a("answered", date=date(2026, 6, 30)), METHOD, ON) == 1.0
    assert sub_score(sub, a("answered", date=date(2024, 6, 30)), METHOD, ON) == 0.0


def test_context_numbers_are_not_scored():
    subs = [*INDICATOR, SubDef("1.2b", "1.3", "P1", "NUM", {"kind": "context"})]
    result = score_assessment(
        subs, {"1.3a": a("yes"), "1.3b": a("yes"), "1.3c": a("yes")}, METHOD, assessed_on=ON
    )
    assert result.indicators["1.3"].coverage == 100.0


def _one_per_pillar(values: dict[str, str]) -> tuple[list[SubDef], dict[str, AnswerIn]]:
    subs = [ynp(f"{p[1]}.1a", f"{p[1]}.1", p) for p in WEIGHTS]
    return subs, {f"{p[1]}.1a": a(v) for p, v in values.items()}


def test_the_overall_score_is_the_weighted_mean_of_the_pillars():
    # P4 (weight 25) yes, P1 and P2 partial (10 each), the rest no: (25 + 5 + 5) / 100 = 35.
    subs, answers = _one_per_pillar(
        {"P1": "partial", "P2": "partial", "P3": "no", "P4": "yes", "P5": "no", "P6": "no", "P7": "no"}
    )
    result = score_assessment(subs, answers, METHOD, assessed_on=ON)
    assert result.overall.value == 35.0
    assert result.overall.band == "D"


def test_a_pillar_without_a_score_leaves_the_weighted_mean():
    subs, answers = _one_per_pillar({"P1": "yes", "P4": "no"})
    result = score_assessment(subs, answers, METHOD, assessed_on=ON)
    assert result.overall.value == pytest.approx(100 * 10 / 35, abs=0.01)  # 28.57
    assert result.overall.coverage == pytest.approx(2 / 7 * 100, abs=0.01)


def test_a_red_flag_subtracts_five_points_and_caps_the_band_at_c():
    subs, answers = _one_per_pillar(dict.fromkeys(WEIGHTS, "yes"))
    subs.append(ynp("4.8a", "4.8", "P4"))
    answers["4.8a"] = a("no")
    result = score_assessment(subs, answers, METHOD, assessed_on=ON)
    # P4 = mean(4.1: 100, 4.8: 0) = 50; overall = (75 + 12.5) / 100 * 100 = 87.5; minus 5 = 82.5.
    assert result.unflagged_overall == 87.5
    assert result.overall.value == 82.5
    assert result.red_flags == ["RF1"]
    assert result.overall.band == "C"  # would be A


def test_two_red_flags_subtract_ten_points():
    subs, answers = _one_per_pillar(dict.fromkeys(WEIGHTS, "yes"))
    subs.append(ynp("4.8a", "4.8", "P4"))
    answers["4.8a"] = a("no")
    result = score_assessment(subs, answers, METHOD, assessed_on=ON, flags={"official_complicity": True})
    assert result.red_flags == ["RF1", "RF2"]
    assert result.overall.value == 77.5


def test_the_bridge_score_uses_only_same_and_reworded_sub_indicators():
    subs = [ynp("1.3a", "1.3", "P1"), ynp("1.3b", "1.3", "P1", "reworded"), ynp("1.3c", "1.3", "P1", "new")]
    result = score_assessment(
        subs, {"1.3a": a("yes"), "1.3b": a("partial"), "1.3c": a("no")}, METHOD, assessed_on=ON
    )
    assert result.overall.value == 50.0  # (1 + 0.5 + 0) / 3
    assert result.bridge == 75.0  # (1 + 0.5) / 2: the new 1.3c is left out


def test_bands_are_fixed_thresholds():
    assert [band_for(v, METHOD) for v in (80, 79.99, 60, 40, 20, 19.9, 0)] == [
        "A",
        "B",
        "B",
        "C",
        "D",
        "E",
        "E",
    ]
    assert band_for(None, METHOD) == ""


def test_scores_are_deterministic():
    answers = {"1.3a": a("yes"), "1.3b": a("partial"), "1.3c": a("no")}
    first = score_assessment(INDICATOR, answers, METHOD, assessed_on=ON)
    assert all(score_assessment(INDICATOR, answers, METHOD, assessed_on=ON) == first for _ in range(3))


def test_competition_ranking_and_rank_ranges():
    assert ranks({"KE": 50, "PE": 70, "TH": 50, "XX": None}) == {"PE": 1, "KE": 2, "TH": 2}
    pillars = {
        "KE": {"P1": 100, "P4": 0, **dict.fromkeys(["P2", "P3", "P5", "P6", "P7"], 50)},
        "PE": {"P1": 0, "P4": 60, **dict.fromkeys(["P2", "P3", "P5", "P6", "P7"], 50)},
    }
    # Default weights favour P4: PE first; equal weights favour KE (100 vs 60 on P1+P4).
    assert rank_ranges(pillars, METHOD) == {"KE": (1, 2), "PE": (1, 2)}


def test_agreement_gives_percent_and_cohens_kappa():
    pairs = [("yes", "yes")] * 6 + [("no", "no")] * 2 + [("yes", "no"), ("no", "yes")]
    percent, kappa = agreement(pairs)
    assert percent == 80.0
    # p_o = 0.8; p_e = 0.7*0.7 + 0.3*0.3 = 0.58; kappa = 0.22 / 0.42
    assert kappa == pytest.approx(0.524, abs=0.001)
    assert agreement([]) == (None, None)
