"""Pure evaluation of the Assembly's rules: quorum, majorities and election tallies.

No database, no clock: plain numbers in, a result out, so every rule is unit-tested on its edge
cases (exactly two-thirds, all abstain, nobody present). Comparisons use integers only.

Majorities (``Poll.Majority``) against a base (``Poll.Base``):
- simple: more yes than no; abstentions and the base do not matter.
- absolute: yes more than half of the base.
- two-thirds, four-fifths: yes at least that fraction of the base (exactly two-thirds passes).
The base is the votes cast (yes + no: abstentions are recorded but not counted), the weight
present when the vote closed (abstaining or not voting counts against), or the weight entitled.
A base of zero never passes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

FRACTIONS = {"absolute": (1, 2), "two_thirds": (2, 3), "four_fifths": (4, 5)}


def quorum_met(present: int, entitled: int, numerator: int, denominator: int) -> bool:
    """Present (with proxies) weight reaches numerator/denominator of the entitled weight.

    A roll with nobody on it has no quorum."""
    if entitled <= 0:
        return False
    return present * denominator >= entitled * numerator


def quorum_needed(entitled: int, numerator: int, denominator: int) -> int:
    """The smallest present weight that makes the quorum."""
    return -(-entitled * numerator // denominator) if entitled > 0 else 1


@dataclass(frozen=True)
class MotionOutcome:
    passed: bool
    yes: int
    no: int
    abstain: int
    base: int
    needed: int  # the yes votes the rule needed (simple: more than the no votes)

    def as_dict(self) -> dict[str, int | bool]:
        return {
            "passed": self.passed,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "base": self.base,
            "needed": self.needed,
        }


def evaluate_motion(
    *, yes: int, no: int, abstain: int, present: int, entitled: int, majority: str, base: str
) -> MotionOutcome:
    """Passed or failed under ``majority`` of ``base`` (see the module docstring)."""
    if min(yes, no, abstain, present, entitled) < 0:
        raise ValueError("counts cannot be negative")
    bases = {"cast": yes + no, "present": present, "entitled": entitled}
    if base not in bases:
        raise ValueError(f"unknown base {base!r}")
    size = bases[base]
    if majority == "simple":
        return MotionOutcome(yes > no and yes > 0, yes, no, abstain, yes + no, no + 1)
    if majority not in FRACTIONS:
        raise ValueError(f"unknown majority {majority!r}")
    num, den = FRACTIONS[majority]
    if majority == "absolute":
        needed = size * num // den + 1  # more than half
        passed = size > 0 and yes * den > size * num
    else:
        needed = -(-size * num // den)  # at least the fraction, rounded up
        passed = size > 0 and yes * den >= size * num
    return MotionOutcome(passed, yes, no, abstain, size, max(needed, 1))


def count_motion(ballots: Iterable[tuple[list[str], int]]) -> tuple[int, int, int]:
    """(yes, no, abstain) weights from (choices, weight) pairs."""
    totals = Counter[str]()
    for choices, weight in ballots:
        for key in choices:
            totals[key] += weight
    return totals["yes"], totals["no"], totals["abstain"]


@dataclass
class ElectionOutcome:
    counts: dict[str, int]  # option key -> weighted votes
    elected: list[str]
    tied: list[str] = field(default_factory=list)  # candidates tied for the last seats
    seats_left: int = 0  # seats the tied candidates compete for
    blank: int = 0  # ballots with no mark

    def as_dict(self) -> dict[str, object]:
        return {
            "counts": self.counts,
            "elected": self.elected,
            "tied": self.tied,
            "seats_left": self.seats_left,
            "blank": self.blank,
        }


def tally_election(
    ballots: Iterable[tuple[list[str], int]], options: list[str], seats: int, max_choices: int
) -> ElectionOutcome:
    """Plurality or approval, "vote for up to ``max_choices``": the ``seats`` candidates with the
    most votes are elected; candidates tied across the last seat are returned as ``tied``
    (the tie rule decides them). A candidate with no votes is never elected."""
    counts = dict.fromkeys(options, 0)
    blank = 0
    for choices, weight in ballots:
        if len(choices) > max_choices or len(set(choices)) != len(choices):
            raise ValueError("a ballot has more marks than allowed")
        if not choices:
            blank += weight
        for key in choices:
            if key not in counts:
                raise ValueError(f"unknown option {key!r}")
            counts[key] += weight
    ranked = sorted((key for key in options if counts[key] > 0), key=lambda key: -counts[key])
    if len(ranked) <= seats:
        return ElectionOutcome(counts, ranked, blank=blank)
    boundary = counts[ranked[seats - 1]]
    above = [key for key in ranked if counts[key] > boundary]
    at = [key for key in ranked if counts[key] == boundary]
    if len(above) + len(at) <= seats:
        return ElectionOutcome(counts, above + at, blank=blank)
    return ElectionOutcome(counts, above, tied=at, seats_left=seats - len(above), blank=blank)


def resolve_by_lot(outcome: ElectionOutcome, drawn_order: list[str]) -> ElectionOutcome:
    """The tie decided by lot: ``drawn_order`` is the recorded draw of the tied candidates."""
    if sorted(drawn_order) != sorted(outcome.tied):
        raise ValueError("the draw must order exactly the tied candidates")
    winners = drawn_order[: outcome.seats_left]
    return ElectionOutcome(outcome.counts, outcome.elected + winners, blank=outcome.blank)
