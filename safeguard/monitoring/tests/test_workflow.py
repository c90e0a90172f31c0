"""Drafting, the evidence gate, workflow permissions, publication and the errata rule."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.monitoring import services
from safeguard.monitoring.models import Answer, Erratum, Review, Score, Snapshot, State
from safeguard.testing import PersonaTestCase

from .factories import fill, make_assessment, make_edition, publish, put_answer, sub


class WorkflowTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.edition = make_edition()

    def setUp(self) -> None:
        self.assessment = make_assessment("KE", edition=self.edition)

    def save(self, code: str, value: str, actor=None, **kw):
        return services.answer_save(
            assessment=self.assessment,
            sub=sub(code),
            actor=actor or self.member_editor,
            data=services.AnswerData(value=value, justification=kw.pop("justification", "Section 5."), **kw),
        )

    def test_a_member_editor_drafts_their_country_and_scores_follow(self):
        self.save("1.3a", "yes", justification="Plan adopted.")
        self.save("1.3b", "partial")
        self.save("1.3c", "no")
        score = Score.objects.get(assessment=self.assessment, level="indicator", code="1.3")
        assert score.value == 50.0
        self.save("1.3c", "yes")
        score = Score.objects.get(assessment=self.assessment, level="indicator", code="1.3")
        assert score.value == 83.33  # (1 + 0.5 + 1) / 3, recomputed on change
        answer = Answer.objects.get(assessment=self.assessment, sub_indicator__code="1.3c")
        assert [h.value for h in answer.history.all()] == ["yes", "no"]  # full history

    def test_a_viewer_and_an_outsider_cannot_draft(self):
        for actor in (self.member_viewer, self.outsider, self.company_contact):
            with self.assertRaises(PermissionDenied):
                self.save("1.3a", "yes", actor=actor)
        assert not Answer.objects.exists()

    def test_a_yes_needs_a_justification(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("1.3a", "yes", justification="")
        assert "justification" in caught.exception.message_dict

    def test_the_evidence_gate_lists_the_sub_indicators_without_citations(self):
        self.save("4.3a", "yes")
        self.save("1.3a", "partial")
        self.save("6.1a", "yes")  # plain YNP: needs no evidence
        self.save("4.3b", "no")  # a "no" needs no evidence
        with self.assertRaises(ValidationError) as caught:
            services.assessment_transition(
                assessment=self.assessment, actor=self.member_editor, action="submit"
            )
        assert "1.3a, 4.3a" in caught.exception.messages[0]
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.DRAFT
        for code in ("4.3a", "1.3a"):
            answer = Answer.objects.get(assessment=self.assessment, sub_indicator__code=code)
            kind = "legal" if code == "4.3a" else "document"
            services.citation_add(
                answer=answer, actor=self.member_editor, kind=kind, title="Act", sha256="b" * 64
            )
        services.assessment_transition(assessment=self.assessment, actor=self.member_editor, action="submit")
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.SECRETARIAT_REVIEW

    def test_a_legal_answer_needs_a_legal_citation_not_a_document(self):
        answer = self.save("4.3a", "yes")
        services.citation_add(answer=answer, actor=self.member_editor, kind="document", title="Report")
        assert services.evidence_gaps(self.assessment) == ["4.3a"]

    def test_a_secretariat_reviewer_returns_approves_and_publishes(self):
        fill(self.assessment)
        services.assessment_transition(assessment=self.assessment, actor=self.member_editor, action="submit")
        with self.assertRaises(PermissionDenied):
            services.assessment_transition(
                assessment=self.assessment, actor=self.member_admin, action="approve"
            )
        with self.assertRaises(ValidationError):
            services.assessment_transition(
                assessment=self.assessment, actor=self.secretariat_admin, action="return"
            )
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="return", comment="Cite 4.2b."
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.DRAFT
        assert Review.objects.filter(
            assessment=self.assessment, decision="return", comment="Cite 4.2b."
        ).exists()
        publish(self.assessment, self.secretariat_admin)
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.PUBLISHED
        snapshot = Snapshot.objects.get(assessment=self.assessment, is_current=True)
        assert snapshot.version == 1
        assert snapshot.overall == 100.0
        assert snapshot.band == "A"
        assert len(snapshot.data["answers"]) == 125

    def test_member_review_when_the_secretariat_drafted(self):
        self.assessment.drafted_by_secretariat = True
        self.assessment.save()
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="submit"
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.MEMBER_REVIEW
        with self.assertRaises(PermissionDenied):
            services.assessment_transition(
                assessment=self.assessment, actor=self.member_viewer, action="member_accept"
            )
        services.assessment_transition(
            assessment=self.assessment, actor=self.member_editor, action="member_accept"
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.SECRETARIAT_REVIEW

    def test_second_coding_reconciliation_and_agreement(self):
        self.assessment.second_coding = True
        self.assessment.save()
        for code, value in (("6.1a", "yes"), ("6.1b", "no"), ("6.1c", "yes")):
            self.save(code, value)
        services.assessment_transition(assessment=self.assessment, actor=self.member_editor, action="submit")
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.SECOND_CODING
        with self.assertRaises(PermissionDenied):  # the second coder is a Secretariat researcher
            services.answer_save(
                assessment=self.assessment,
                sub=sub("6.1a"),
                actor=self.member_editor,
                data=services.AnswerData("yes", justification="x"),
                coder="b",
            )
        for code, value in (("6.1a", "yes"), ("6.1b", "yes"), ("6.1c", "yes")):
            services.answer_save(
                assessment=self.assessment,
                sub=sub(code),
                actor=self.secretariat_admin,
                data=services.AnswerData(value, justification="x"),
                coder="b",
            )
        pairs, percent, kappa = services.agreement_for(self.assessment)
        assert (pairs, percent) == (3, 66.7)
        assert kappa == 0.0
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="finish_second_coding"
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.RECONCILIATION
        self.save("6.1b", "yes", actor=self.secretariat_admin)  # the adjudicated answer
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="reconcile"
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.SECRETARIAT_REVIEW

    def test_right_of_reply_records_the_government_reply(self):
        services.assessment_transition(assessment=self.assessment, actor=self.member_editor, action="submit")
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="approve"
        )
        services.assessment_transition(
            assessment=self.assessment, actor=self.secretariat_admin, action="open_reply"
        )
        services.assessment_transition(
            assessment=self.assessment,
            actor=self.secretariat_admin,
            action="close_reply",
            comment="We disagree on 4.2.",
        )
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.APPROVED
        assert self.assessment.government_reply == "We disagree on 4.2."

    def test_a_published_assessment_never_changes_silently(self):
        fill(self.assessment, "partial")
        publish(self.assessment, self.secretariat_admin)
        self.assessment.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.save("6.1a", "yes", actor=self.secretariat_admin)
        with self.assertRaises(PermissionDenied):
            services.assessment_correct(
                assessment=self.assessment,
                actor=self.member_editor,
                sub=sub("6.1a"),
                data=services.AnswerData("yes", justification="x"),
                note="Fix",
            )
        first = services.assessment_correct(
            assessment=self.assessment,
            actor=self.secretariat_admin,
            sub=sub("6.1a"),
            data=services.AnswerData("yes", justification="Helpline confirmed."),
            note="6.1a was yes.",
        )
        second = services.assessment_correct(
            assessment=self.assessment,
            actor=self.secretariat_admin,
            sub=sub("6.1b"),
            data=services.AnswerData("yes", justification="Number is 116."),
            note="6.1b was yes.",
        )
        assert (first.number, second.number) == (1, 2)
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.CORRECTED
        versions = list(Snapshot.objects.filter(assessment=self.assessment).order_by("version"))
        assert [s.version for s in versions] == [1, 2, 3]
        assert [s.is_current for s in versions] == [False, False, True]
        assert versions[0].overall == 54.76  # the first publication is kept as it was
        assert versions[2].overall > versions[0].overall
        assert Erratum.objects.filter(assessment=self.assessment).count() == 2

    def test_a_correction_needs_a_note(self):
        fill(self.assessment)
        publish(self.assessment, self.secretariat_admin)
        with self.assertRaises(ValidationError):
            services.assessment_correct(
                assessment=self.assessment,
                actor=self.secretariat_admin,
                sub=sub("6.1a"),
                data=services.AnswerData("no", justification="x"),
                note=" ",
            )

    def test_an_answer_out_of_the_editable_states_is_refused(self):
        services.assessment_transition(assessment=self.assessment, actor=self.member_editor, action="submit")
        with self.assertRaises(ValidationError):
            self.save("6.1a", "yes")

    def test_number_and_date_answers_are_validated(self):
        with self.assertRaises(ValidationError):
            self.save("4.2b", "answered")
        self.save("4.2b", "answered", number=15)
        put_answer(self.assessment, "1.1c", "answered", date=date(2030, 1, 1))
        with self.assertRaises(ValidationError):
            self.save("4.2b", "yes")
