"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.assembly import services
from safeguard.assembly.models import AgendaItem, Assembly, Delegate, Motion, Poll
from safeguard.network.models import MemberRecord
from safeguard.network.tests.factories import make_record
from tests.matrix import Entry, every, signed_in

from .factories import make_assembly, make_position, make_voting_delegate

# What site staff may do with each of this app's admin models: (add, change, delete).
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "assembly.assembly": (True, True, False),
    "assembly.position": (True, True, True),
    "assembly.agendaitem": (True, True, True),
}


def _objects(case: Any) -> dict[str, Any]:
    """An open assembly with its roll, the Kenya member's voting delegate (member_viewer,
    present), a motion with an open vote and an election; made once per test."""
    assembly = Assembly.objects.filter(number=12).first()
    if assembly is None:
        if not MemberRecord.objects.filter(organisation=case.member_org).exists():
            make_record(case.member_org)
        # Before the network rows' unpaid 2026 dues fall out of their grace period.
        assembly = make_assembly(record_date=date(2026, 4, 1))
        services.roll_snapshot(assembly=assembly)
        assembly.refresh_from_db()
        make_voting_delegate(assembly, case.member_org, case.member_viewer)
        AgendaItem.objects.create(assembly=assembly, position=1, title="Opening")
        motion = services.motion_submit(
            assembly=assembly, submitter=case.member_org, title="Motion", text="Text", language="en"
        )
        Motion.objects.filter(pk=motion.pk).update(state="debated")
        motion.refresh_from_db()
        services.poll_open(poll=services.motion_poll_create(motion=motion, majority="simple", base="cast"))
        make_position(assembly, groups=[("Africa", ["africa"], 1)])
    return {
        "delegate": Delegate.objects.get(assembly=assembly, user=case.member_viewer),
        "poll": Poll.objects.get(assembly=assembly),
        "position": assembly.positions.get(),
    }


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    o = _objects(case)
    base = "/assembly/12/"
    poll = f"/assembly/polls/{o['poll'].pk}/"
    election = f"{base}elections/{o['position'].pk}/"
    post_only = signed_in(405)
    network = signed_in(200, company_contact=404)
    runner_post = signed_in(404, secretariat_admin=302)
    kenya = signed_in(200, outsider=404, company_contact=404)
    write = signed_in(403, member_admin=302, secretariat_admin=302, outsider=404, company_contact=404)
    member_admin_post = signed_in(403, member_admin=302, company_contact=404)
    return {
        "assembly:list": Entry("/assembly/", every(200), every(405)),
        "assembly:time-zone": Entry(
            "/assembly/time-zone/", post_only, signed_in(302), {"time_zone": "America/Lima"}
        ),
        "assembly:detail": Entry(base, every(200), every(405)),
        "assembly:quorum": Entry(base + "quorum/", every(200), every(405)),
        "assembly:bulletin": Entry(base + "bulletin/", every(200), every(405)),
        "assembly:roll": Entry(
            base + "roll/", network, signed_in(404, secretariat_admin=302, company_contact=404)
        ),
        "assembly:credentials": Entry(
            base + "credentials/", signed_in(404, secretariat_admin=200), runner_post
        ),
        "assembly:check-in": Entry(base + "check-in/", post_only, signed_in(404, member_viewer=302)),
        "assembly:speak": Entry(base + "agenda/1/speak/", post_only, signed_in(404, member_viewer=302)),
        "assembly:delegation": Entry(
            base + "delegations/kenya-member/",
            kenya,
            signed_in(403, member_admin=200, secretariat_admin=200, outsider=404, company_contact=404),
        ),
        "assembly:proxy": Entry(base + "delegations/kenya-member/proxy/", post_only, write),
        "assembly:motion-new": Entry(
            base + "motions/new/", signed_in(403, member_admin=200), signed_in(403, member_admin=200)
        ),
        "assembly:motion": Entry(base + "motions/1/", every(200), every(405)),
        "assembly:motion-action": Entry(base + "motions/1/support/", post_only, member_admin_post),
        "assembly:position": Entry(election, every(200), every(405)),
        "assembly:nominate": Entry(election + "nominate/", post_only, member_admin_post),
        "assembly:election-polls": Entry(election + "ballots/", post_only, runner_post),
        "assembly:minutes": Entry(
            base + "minutes/", network, signed_in(403, secretariat_admin=200, company_contact=404)
        ),
        "assembly:minutes-pdf": Entry(base + "minutes.pdf", network, post_only),
        "assembly:letter": Entry(f"/assembly/delegates/{o['delegate'].pk}/letter/", kenya, post_only),
        "assembly:poll": Entry(poll, every(200), signed_in(403, member_viewer=200)),
        "assembly:poll-action": Entry(poll + "open/", post_only, runner_post),
        "api:list_assemblies": Entry("/api/v1/assembly/assemblies", every(200), every(405)),
        "api:assembly_results": Entry("/api/v1/assembly/assemblies/12/results", every(200), every(405)),
    }
