"""The pure rules: quorum, majorities, election tallies (no database)."""

from __future__ import annotations

from django.test import SimpleTestCase

from safeguard.assembly.results import (
    count_motion,
    evaluate_motion,
    quorum_met,
    quorum_needed,
    resolve_by_lot,
    tally_election,
)


def motion(
    yes: int,
    no: int,
    abstain: int = 0,
    *,
    present: int = 100,
    entitled: int = 100,
    majority: str,
    base: str = "cast",
) -> bool:
    return evaluate_motion(
        yes=yes, no=no, abstain=abstain, present=present, entitled=entitled, majority=majority, base=base
    ).passed


class QuorumTests(SimpleTestCase):
    def test_half_of_the_entitled_makes_a_quorum_of_one_half(self) -> None:
        self.assertTrue(quorum_met(5, 10, 1, 2))
        self.assertFalse(quorum_met(4, 10, 1, 2))
        self.assertEqual(quorum_needed(10, 1, 2), 5)
        self.assertEqual(quorum_needed(11, 1, 2), 6)

    def test_two_thirds_quorum_rounds_up(self) -> None:
        self.assertEqual(quorum_needed(10, 2, 3), 7)
        self.assertFalse(quorum_met(6, 10, 2, 3))
        self.assertTrue(quorum_met(7, 10, 2, 3))

    def test_an_empty_roll_or_nobody_present_has_no_quorum(self) -> None:
        self.assertFalse(quorum_met(0, 0, 1, 2))
        self.assertFalse(quorum_met(0, 10, 1, 2))


class MajorityTests(SimpleTestCase):
    def test_simple_majority_needs_more_yes_than_no(self) -> None:
        self.assertTrue(motion(3, 2, 10, majority="simple"))
        self.assertFalse(motion(2, 2, majority="simple"))

    def test_exactly_two_thirds_of_votes_cast_passes(self) -> None:
        self.assertTrue(motion(20, 10, majority="two_thirds"))
        self.assertFalse(motion(19, 10, majority="two_thirds"))
        self.assertEqual(
            evaluate_motion(
                yes=20, no=10, abstain=5, present=40, entitled=50, majority="two_thirds", base="cast"
            ).needed,
            20,
        )

    def test_abstentions_do_not_count_in_votes_cast_but_count_against_in_present(self) -> None:
        self.assertTrue(motion(20, 10, 15, present=45, majority="two_thirds", base="cast"))
        self.assertFalse(motion(20, 10, 15, present=45, majority="two_thirds", base="present"))

    def test_the_entitled_base_counts_those_who_did_not_come(self) -> None:
        self.assertTrue(motion(30, 0, present=30, entitled=45, majority="two_thirds", base="entitled"))
        self.assertFalse(motion(29, 0, present=30, entitled=45, majority="two_thirds", base="entitled"))

    def test_exactly_four_fifths_passes(self) -> None:
        self.assertTrue(motion(8, 2, majority="four_fifths"))
        self.assertFalse(motion(7, 2, majority="four_fifths"))

    def test_absolute_majority_needs_more_than_half(self) -> None:
        self.assertFalse(motion(5, 5, majority="absolute"))
        self.assertTrue(motion(6, 5, majority="absolute"))
        self.assertFalse(motion(50, 0, present=100, majority="absolute", base="present"))

    def test_all_abstain_fails_under_every_rule(self) -> None:
        for majority in ("simple", "absolute", "two_thirds", "four_fifths"):
            self.assertFalse(motion(0, 0, 10, present=10, majority=majority), majority)

    def test_zero_present_fails(self) -> None:
        for base in ("cast", "present", "entitled"):
            self.assertFalse(motion(0, 0, 0, present=0, entitled=0, majority="two_thirds", base=base), base)

    def test_unknown_rules_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            motion(1, 0, majority="most", base="cast")
        with self.assertRaises(ValueError):
            motion(1, 0, majority="simple", base="everyone")

    def test_counting_weights_each_choice(self) -> None:
        self.assertEqual(count_motion([(["yes"], 1), (["yes"], 2), (["no"], 1), (["abstain"], 1)]), (3, 1, 1))


class ElectionTests(SimpleTestCase):
    def test_the_most_votes_win_the_seats(self) -> None:
        outcome = tally_election([(["a", "b"], 1), (["a"], 1), (["c", "b"], 1)], ["a", "b", "c"], 2, 2)
        self.assertEqual(outcome.elected, ["a", "b"])
        self.assertEqual(outcome.tied, [])

    def test_a_tie_across_the_last_seat_is_left_to_the_rule(self) -> None:
        outcome = tally_election([(["a"], 1), (["b"], 1), (["c"], 2)], ["a", "b", "c"], 2, 1)
        self.assertEqual((outcome.elected, sorted(outcome.tied), outcome.seats_left), (["c"], ["a", "b"], 1))
        decided = resolve_by_lot(outcome, ["b", "a"])
        self.assertEqual(decided.elected, ["c", "b"])

    def test_a_tie_within_the_seats_elects_all(self) -> None:
        outcome = tally_election([(["a"], 1), (["b"], 1)], ["a", "b", "c"], 2, 1)
        self.assertEqual(sorted(outcome.elected), ["a", "b"])

    def test_too_many_marks_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            tally_election([(["a", "b"], 1)], ["a", "b"], 1, 1)

    def test_candidates_without_votes_are_not_elected_and_blank_ballots_counted(self) -> None:
        outcome = tally_election([([], 1)], ["a", "b"], 1, 1)
        self.assertEqual((outcome.elected, outcome.blank), ([], 1))

    def test_the_lot_must_order_exactly_the_tied(self) -> None:
        outcome = tally_election([(["a"], 1), (["b"], 1)], ["a", "b"], 1, 1)
        with self.assertRaises(ValueError):
            resolve_by_lot(outcome, ["a"])
