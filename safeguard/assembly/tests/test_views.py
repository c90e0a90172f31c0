"""The pages: who may do what, that refused writes change nothing, query counts, time zones,
and the amendment diff."""

from __future__ import annotations

from django.test import SimpleTestCase

from safeguard.accounts.models import User
from safeguard.assembly import services
from safeguard.assembly.diff import word_diff
from safeguard.assembly.models import Delegate, Entitlement, Proxy
from safeguard.network.tests.factories import make_record
from safeguard.testing import PersonaTestCase, make_member, make_organisation

from .factories import START, letter, make_assembly, make_voting_delegate


class DiffTests(SimpleTestCase):
    def test_changed_words_are_deleted_and_inserted(self) -> None:
        pieces = word_diff("train staff every year", "train all staff every two years")
        self.assertEqual(
            [(p.op, p.text) for p in pieces if p.op != "same"],
            [("ins", " all"), ("del", "year"), ("ins", "two years")],
        )
        self.assertEqual("".join(p.text for p in pieces if p.op != "del"), "train all staff every two years")


class PageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_record(cls.member_org)
        make_record(cls.other_org, region="americas")
        cls.ghana = make_organisation(name="Ghana Member", slug="ghana-member", country="GH")
        make_record(cls.ghana)
        cls.assembly = make_assembly()
        services.roll_snapshot(assembly=cls.assembly)

    def setUp(self) -> None:
        self.assembly.refresh_from_db()

    def test_an_outsider_cannot_see_or_change_another_members_delegation(self) -> None:
        self.login(self.outsider)
        url = "/assembly/12/delegations/kenya-member/"
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            url, {"user": self.outsider.pk, "is_voting": "on", "credentials": letter()}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.post(url + "proxy/", {"holder": 1}).status_code, 404)
        self.assertFalse(Delegate.objects.exists())
        self.assertFalse(Proxy.objects.exists())

    def test_a_member_viewer_reads_the_delegation_but_cannot_change_it(self) -> None:
        self.login(self.member_viewer)
        url = "/assembly/12/delegations/kenya-member/"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url, {"user": self.member_viewer.pk, "is_voting": "on", "credentials": letter()}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Delegate.objects.exists())

    def test_an_image_is_refused_as_credentials_letter(self) -> None:
        from safeguard.network.tests.factories import png

        self.login(self.member_admin)
        response = self.client.post(
            "/assembly/12/delegations/kenya-member/",
            {"user": self.member_viewer.pk, "is_voting": "on", "credentials": png("letter.pdf")},
        )
        self.assertContains(response, "Images and video are never accepted")
        self.assertFalse(Delegate.objects.exists())

    def test_a_proxy_beyond_the_cap_is_refused_with_a_message(self) -> None:
        self.assembly.proxy_cap = 0
        self.assembly.save()
        self.login(self.member_admin)
        peru = Entitlement.objects.get(organisation=self.other_org)
        response = self.client.post(
            "/assembly/12/delegations/kenya-member/proxy/", {"holder": peru.pk}, follow=True
        )
        self.assertContains(response, "the most the statutes allow")
        self.assertFalse(Proxy.objects.exists())

    def test_only_the_secretariat_takes_the_roll_and_decides_credentials(self) -> None:
        delegate = make_voting_delegate(self.assembly, self.member_org, self.member_viewer, present=False)
        Delegate.objects.filter(pk=delegate.pk).update(state="pending")
        self.login(self.member_admin)
        self.assertEqual(
            self.client.post(
                "/assembly/12/credentials/", {"delegate": delegate.pk, "approve": "1"}
            ).status_code,
            404,
        )
        delegate.refresh_from_db()
        self.assertEqual(delegate.state, "pending")

    def test_the_bulletin_and_roll_take_a_fixed_number_of_queries(self) -> None:
        from safeguard.assembly.models import Motion

        make_voting_delegate(self.assembly, self.member_org, self.member_viewer)
        ghana_user = make_member(self.ghana, "viewer")
        make_voting_delegate(self.assembly, self.ghana, ghana_user)
        for n in range(3):
            motion = services.motion_submit(
                assembly=self.assembly, submitter=self.member_org, title=f"M{n}", text="T", language="en"
            )
            Motion.objects.filter(pk=motion.pk).update(state="debated")
            motion.refresh_from_db()
            poll = services.poll_open(
                poll=services.motion_poll_create(motion=motion, majority="simple", base="cast")
            )
            for user, org in ((self.member_viewer, self.member_org), (ghana_user, self.ghana)):
                ent = Entitlement.objects.get(organisation=org)
                services.ballot_cast(poll=poll, user=user, entitlement_ids=[ent.pk], choices=["yes"])
        self.client.logout()
        with self.assertNumQueries(6):
            response = self.client.get("/assembly/12/bulletin/")
        self.assertContains(response, "Ghana Member")
        self.login(self.member_viewer)
        self.client.get("/assembly/12/roll/")
        with self.assertNumQueries(6):
            self.assertContains(self.client.get("/assembly/12/roll/"), "verified")

    def test_times_show_in_the_users_zone_with_the_assemblys_zone_named(self) -> None:
        self.login(self.member_viewer)
        response = self.client.post(
            "/assembly/time-zone/", {"time_zone": "America/Lima", "next": "/assembly/12/"}
        )
        self.assertRedirects(response, "/assembly/12/")
        self.assertEqual(User.objects.get(pk=self.member_viewer.pk).time_zone, "America/Lima")
        page = self.client.get("/assembly/12/").content.decode()
        # START is 08:00 UTC: 03:00 in Lima, 15:00 in Bangkok.
        self.assertIn("(America/Lima)", page)
        self.assertIn("3 a.m.", page)
        self.assertIn("3 p.m. at the assembly (Asia/Bangkok)", page)
        self.assertEqual(START.hour, 8)

    def test_an_unknown_time_zone_is_refused(self) -> None:
        self.login(self.member_viewer)
        self.client.post("/assembly/time-zone/", {"time_zone": "Mars/Olympus"})
        self.assertEqual(User.objects.get(pk=self.member_viewer.pk).time_zone, "UTC")

    def test_online_check_in_needs_an_accredited_delegate(self) -> None:
        delegate = make_voting_delegate(self.assembly, self.member_org, self.member_viewer, present=False)
        self.login(self.member_viewer)
        self.assertRedirects(self.client.post("/assembly/12/check-in/"), "/assembly/12/")
        delegate.refresh_from_db()
        self.assertEqual(delegate.check_in, "online")
        self.login(self.member_editor)
        self.assertEqual(self.client.post("/assembly/12/check-in/").status_code, 404)
