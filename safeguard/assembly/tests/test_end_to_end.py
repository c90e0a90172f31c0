"""The whole Assembly through its pages, as each person would use them: roll, accreditation,
check-in, proxy, quorum, a motion with an amendment adopted by exactly two-thirds, an election
with reserved regional seats, two tellers, the bulletin, and the minutes as PDF."""

from __future__ import annotations

from safeguard.assembly.models import Ballot, Delegate, Entitlement, Motion, Poll
from safeguard.network.tests.factories import make_record
from safeguard.testing import PersonaTestCase, make_member, make_organisation

from .factories import letter, make_assembly, make_position


class EndToEndTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.member_org, region="africa")
        make_record(self.other_org, region="americas")
        self.ghana = make_organisation(name="Ghana Member", slug="ghana-member", country="GH")
        make_record(self.ghana, region="africa")
        self.peru_admin = make_member(self.other_org, "admin", totp=True)
        self.peru_delegate = make_member(self.other_org, "viewer")
        self.ghana_admin = make_member(self.ghana, "admin", totp=True)
        self.teller = make_member(self.secretariat, "editor", totp=True)
        self.assembly = make_assembly(chair=self.secretariat_admin)
        self.position = make_position(
            self.assembly,
            groups=[("Africa", ["africa"], 1), ("Americas", ["americas"], 1)],
            regional_electorate=True,
        )

    def post(self, user: object, url: str, data: dict | None = None, **extra: object) -> object:
        self.login(user)
        return self.client.post(url, data or {}, **extra)

    def certify(self, poll: Poll) -> None:
        url = f"/assembly/polls/{poll.pk}/"
        self.post(self.secretariat_admin, url + "close/")
        self.post(self.secretariat_admin, url + "confirm/")
        self.post(self.teller, url + "confirm/")
        poll.refresh_from_db()
        self.assertEqual(poll.state, "certified", poll.result)

    def vote(
        self, user: object, poll: Poll, choices: list[str], entitlements: list[Entitlement]
    ) -> list[str]:
        response = self.post(
            user,
            f"/assembly/polls/{poll.pk}/",
            {"choice": choices, "entitlements": [e.pk for e in entitlements]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Your receipt")
        return [t for t in response.context["trackers"]]

    def test_the_whole_assembly_from_roll_to_minutes(self) -> None:
        base = "/assembly/12/"
        # The roll, frozen at the record date.
        self.assertRedirects(self.post(self.secretariat_admin, base + "roll/"), base + "roll/")
        self.assertEqual(Entitlement.objects.filter(assembly=self.assembly).count(), 3)
        self.assertContains(self.client.get(base + "roll/"), "verified")
        kenya, peru, ghana = (
            Entitlement.objects.get(organisation=o) for o in (self.member_org, self.other_org, self.ghana)
        )

        # Accreditation: each member names its voting delegate with a letter; the committee decides.
        self.post(
            self.member_admin,
            base + "delegations/kenya-member/",
            {"user": self.member_viewer.pk, "is_voting": "on", "credentials": letter()},
        )
        self.post(
            self.peru_admin,
            base + "delegations/peru-member/",
            {"user": self.peru_delegate.pk, "is_voting": "on", "credentials": letter()},
        )
        pending = list(Delegate.objects.filter(state="pending"))
        self.assertEqual(len(pending), 2)
        self.post(
            self.secretariat_admin,
            base + "credentials/",
            {"delegate": pending[0].pk, "approve": "0", "reason": ""},
        )
        self.assertEqual(Delegate.objects.filter(state="pending").count(), 2)  # a rejection needs reasons
        for delegate in pending:
            self.post(
                self.secretariat_admin, base + "credentials/", {"delegate": delegate.pk, "approve": "1"}
            )
        self.assertEqual(Delegate.objects.filter(state="approved").count(), 2)

        # Check-in: Kenya's delegate online, Peru's at the desk. Ghana gives its proxy to Kenya.
        self.post(self.member_viewer, base + "check-in/")
        peru_delegate = Delegate.objects.get(user=self.peru_delegate)
        self.post(self.secretariat_admin, base + "check-in/", {"delegate": peru_delegate.pk})
        self.post(self.ghana_admin, base + "delegations/ghana-member/proxy/", {"holder": kenya.pk})
        self.assertEqual(Delegate.objects.filter(checked_in_at__isnull=False).count(), 2)
        quorum = self.client.get(base + "quorum/")
        self.assertContains(quorum, "The quorum is reached.")
        self.assertEqual((quorum.context["quorum"].present, quorum.context["quorum"].proxied), (2, 1))

        # A motion, supported, amended, recommended, debated.
        self.post(
            self.member_admin,
            base + "motions/new/",
            {"title": "Child-safe travel", "text": "Members shall train staff every year.", "language": "en"},
        )
        motion = Motion.objects.get()
        mbase = f"{base}motions/{motion.number}/"
        self.post(self.secretariat_admin, mbase + "transition/", {"to": "admissible"})
        motion.refresh_from_db()
        self.assertEqual(motion.state, "submitted")  # one supporter of the two needed
        self.post(self.peru_admin, mbase + "support/")
        self.post(
            self.peru_admin, mbase + "amend/", {"text": "Members shall train all staff every two years."}
        )
        page = self.client.get(mbase)
        self.assertContains(page, "<del>", html=False)
        self.assertContains(page, "<ins>", html=False)
        self.post(
            self.secretariat_admin,
            mbase + "recommend/",
            {"recommendation": "adopt_amended", "recommended_by": "Board", "note": ""},
        )
        for state in ("admissible", "debated"):
            self.post(self.secretariat_admin, mbase + "transition/", {"to": state})
        motion.refresh_from_db()
        self.assertEqual((motion.state, motion.recommendation), ("debated", "adopt_amended"))

        # The amendment: two-thirds of votes cast; Kenya casts its own and Ghana's proxy: 2 of 3.
        amendment = motion.amendments.get()
        self.post(
            self.secretariat_admin,
            mbase + "poll/",
            {"majority": "two_thirds", "base": "cast", "amendment": amendment.pk},
        )
        amendment_poll = Poll.objects.get(kind="amendment")
        self.post(self.secretariat_admin, f"/assembly/polls/{amendment_poll.pk}/open/")
        self.login(self.member_admin)  # Kenya's admin is not the voting delegate
        self.assertEqual(
            self.client.post(f"/assembly/polls/{amendment_poll.pk}/", {"choice": "yes"}).status_code, 403
        )
        trackers = self.vote(self.member_viewer, amendment_poll, ["yes"], [kenya, ghana])
        self.vote(self.peru_delegate, amendment_poll, ["no"], [peru])
        again = self.post(
            self.member_viewer,
            f"/assembly/polls/{amendment_poll.pk}/",
            {"choice": "no", "entitlements": [kenya.pk]},
        )
        self.assertEqual(again.status_code, 403)
        self.assertEqual(Ballot.objects.filter(poll=amendment_poll).count(), 3)
        self.certify(amendment_poll)
        self.assertEqual((amendment_poll.result["yes"], amendment_poll.result["passed"]), (2, True))
        amendment.refresh_from_db()
        self.assertTrue(amendment.adopted)

        # The motion as amended: simple majority, adopted.
        self.post(self.secretariat_admin, mbase + "poll/", {"majority": "simple", "base": "cast"})
        motion_poll = Poll.objects.get(kind="motion")
        self.post(self.secretariat_admin, f"/assembly/polls/{motion_poll.pk}/open/")
        self.vote(self.member_viewer, motion_poll, ["yes"], [kenya, ghana])
        self.certify(motion_poll)
        motion.refresh_from_db()
        self.assertEqual(motion.state, "adopted")

        # The election: reserved regional seats, only the region's members vote for them.
        ebase = f"{base}elections/{self.position.pk}/"
        africa, americas = self.position.seat_groups.all()
        self.post(
            self.member_admin,
            ebase + "nominate/",
            {"seat_group": africa.pk, "name": "Amina", "statement": "S"},
        )
        self.post(
            self.peru_admin,
            ebase + "nominate/",
            {"seat_group": americas.pk, "name": "Rosa", "statement": "S"},
        )
        self.post(
            self.peru_admin, ebase + "nominate/", {"seat_group": africa.pk, "name": "Wrong", "statement": "S"}
        )
        self.assertEqual(africa.candidates.count(), 1)  # Peru is not in Africa
        self.post(self.secretariat_admin, ebase + "ballots/")
        africa_poll = africa.polls.get()
        self.post(self.secretariat_admin, f"/assembly/polls/{africa_poll.pk}/open/")
        self.login(self.peru_delegate)
        self.assertIsNone(self.client.get(f"/assembly/polls/{africa_poll.pk}/").context["form"])
        option = africa_poll.options.get().key
        self.vote(self.member_viewer, africa_poll, [option], [kenya, ghana])
        self.certify(africa_poll)
        self.assertEqual(africa_poll.result["elected"], [option])

        # The bulletin: who voted and the trackers, never how; a tracker checks as counted.
        self.client.logout()
        bulletin = self.client.get(base + "bulletin/")
        self.assertContains(bulletin, "Kenya Member")
        check = self.client.get(base + "bulletin/", {"poll": str(amendment_poll.pk), "tracker": trackers[0]})
        self.assertContains(check, "Counted: this tracker is on the bulletin.")
        api = self.client.get("/api/v1/assembly/assemblies/12/results").json()
        self.assertEqual(len(api), 3)

        # The minutes: a draft from everything above, edited by the chair, as HTML and PDF.
        self.login(self.secretariat_admin)
        draft = self.client.get(base + "minutes/")
        self.assertContains(draft, "Members shall train all staff every two years.")
        self.assertContains(draft, "Annex: attendance")
        body = draft.context["form"].initial["body"] + "\nThe chair closed the assembly."
        self.assertRedirects(self.client.post(base + "minutes/", {"body": body}), base + "minutes/")
        self.login(self.member_viewer)
        self.assertEqual(self.client.post(base + "minutes/", {"body": "x"}).status_code, 403)
        pdf = self.client.get(base + "minutes.pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
