"""The demo International Assembly, which can be walked through end to end in the browser.

The roll is taken; most voting members have an accredited, checked-in voting delegate; a few
proxies stand (one was revoked); motion 1 was amended (the amendment adopted by two-thirds) and
adopted; the Representative Committee, with seats reserved per region and a youth seat, was
elected and certified by two tellers; the minutes have a draft. Left open to drive: a vote on
motion 2 that the demo member organisation's voting delegate (viewer@) has not cast yet, a
delegate awaiting the credentials committee, and motion 3 gathering supporters.

Deterministic (one seeded random generator) and idempotent (returns at once when it ran before).
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Membership, Organisation, User
from safeguard.network.demo import DEMO_PDF

from . import services
from .models import AgendaItem, Assembly, Delegate, Entitlement, Minutes, Motion, Poll, Position, SeatGroup

SEED = 2027
NUMBER = 12
DOMAIN = "demo.example.org"
SEAT_GROUPS = [
    ("Americas", ["americas"], 2, False),
    ("Sub-Saharan Africa", ["africa"], 2, False),
    ("Europe and Central Asia", ["europe"], 2, False),
    ("Middle East and North Africa", ["mena"], 1, False),
    ("Asia-Pacific", ["east_asia", "south_asia", "southeast_asia", "pacific"], 3, False),
    ("Youth representative", [], 1, True),
]
FIRST_NAMES = [
    "Amina",
    "Rosa",
    "Daniel",
    "Mei",
    "Ravi",
    "Sofia",
    "Kwame",
    "Lucia",
    "Tariq",
    "Ingrid",
    "Nadia",
    "Pablo",
    "Aiko",
    "Samuel",
    "Leila",
    "Tomas",
]
LAST_NAMES = [
    "Mensah",
    "Garcia",
    "Novak",
    "Chen",
    "Sharma",
    "Rossi",
    "Owusu",
    "Silva",
    "Haddad",
    "Berg",
    "Karimi",
    "Ortiz",
    "Sato",
    "Okafor",
    "Nasser",
    "Lind",
]
AGENDA = [
    ("Opening and adoption of the agenda", ""),
    ("Report of the credentials committee", ""),
    ("Report of the International Board", "Annual reports 2024-2026"),
    ("Motions", ""),
    ("Elections to the Representative Committee", ""),
    ("Closing", ""),
]
MOTION_1 = (
    "Child-safe travel and tourism",
    "The Assembly calls on every member to train its staff in child protection every year and to "
    "report on the training in its annual report.",
    "The Assembly calls on every member to train all its staff and volunteers in child protection "
    "every two years and to report on the training in its annual report.",
)
MOTION_2 = (
    "Online protection commitments",
    "The Assembly asks the International Board to publish, each year, the commitments of the "
    "technology industry and how far each was met.",
)
MOTION_3 = (
    "Regional youth forums",
    "The Assembly asks each region to hold a youth forum before the next Assembly.",
)


# Demo votes on motions have stable keys, so their pages have stable addresses.
POLL_NAMESPACE = uuid.UUID("3b2f6c1a-8d4e-4f0b-9c7a-5e1d2a3b4c5d")


def poll_reference(name: str) -> uuid.UUID:
    return uuid.uuid5(POLL_NAMESPACE, name)


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("letter.pdf", DEMO_PDF, content_type="application/pdf")


def load() -> list:
    """Create the demo assembly once; a second run changes nothing."""
    if Assembly.objects.filter(number=NUMBER).exists():
        return []
    if not Organisation.objects.filter(is_demo=True, kind=Organisation.Kind.SECRETARIAT).exists():
        return []
    with transaction.atomic():
        _load()
    return []


def _person(
    org: Organisation, roles: tuple[str, ...] = ("editor", "admin", "owner", "viewer")
) -> User | None:
    membership = (
        Membership.objects.filter(organisation=org, role__in=roles)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _load() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo, not security)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    admin = User.objects.get(email=f"admin@{DOMAIN}")
    staff = User.objects.get(email=f"staff@{DOMAIN}")
    viewer = User.objects.get(email=f"viewer@{DOMAIN}")
    first = Membership.objects.get(user=viewer).organisation
    assembly = Assembly.objects.create(
        number=NUMBER,
        title="Twelfth International Assembly",
        starts_at=now - timedelta(hours=20),
        ends_at=now + timedelta(days=2),
        mode=Assembly.Mode.HYBRID,
        place="Bangkok",
        time_zone="Asia/Bangkok",
        languages="en,fr,es",
        status=Assembly.Status.OPEN,
        record_date=timezone.localdate() - timedelta(days=30),
        motion_deadline=now + timedelta(days=1),
        min_supporters=3,
        proxy_cap=2,
        proxy_targets=Assembly.ProxyTargets.SAME_REGION,
        chair=admin,
    )
    for i, (title, documents) in enumerate(AGENDA, start=1):
        AgendaItem.objects.create(assembly=assembly, position=i, title=title, documents=documents)
    services.roll_snapshot(assembly=assembly)
    entitlements = list(
        Entitlement.objects.filter(assembly=assembly).select_related("organisation").order_by("pk")
    )

    # Delegates: the demo organisation's voting delegate is viewer@; most others have theirs.
    delegates: dict[int, User] = {}
    named = 0
    for ent in entitlements:
        user = viewer if ent.organisation_id == first.pk else _person(ent.organisation)
        if user is None or (ent.organisation_id != first.pk and rng.random() < 0.2):
            continue
        delegate = services.delegate_name(
            assembly=assembly,
            organisation=ent.organisation,
            user=user,
            is_voting=True,
            credentials=letter(),
            actor=user,
        )
        named += 1
        if named == 6:  # left for the credentials committee
            continue
        if named == 7:
            services.delegate_decide(
                delegate=delegate, approve=False, reason="The letter is not signed by the head.", actor=staff
            )
            continue
        services.delegate_decide(delegate=delegate, approve=True, reason="", actor=staff)
        services.delegate_check_in(delegate=delegate, mode=rng.choice(["online", "in_person"]))
        Delegate.objects.filter(pk=delegate.pk).update(
            checked_in_at=now - timedelta(hours=rng.randint(1, 18))
        )
        delegates[ent.pk] = user
    editor = User.objects.get(email=f"editor@{DOMAIN}")
    services.delegate_name(
        assembly=assembly, organisation=first, user=editor, is_voting=False, credentials=None, actor=editor
    )

    # Proxies: absent members give their vote to a present member of their region.
    absent = [e for e in entitlements if e.pk not in delegates]
    held: dict[int, int] = {}
    for ent in absent[:6]:
        holder = next(
            (
                h
                for h in entitlements
                if h.pk in delegates
                and h.region == ent.region
                and held.get(h.pk, 0) < 2
                and h.organisation_id != first.pk
            ),
            None,
        )
        if holder is None:
            continue
        proxy = services.proxy_grant(
            assembly=assembly, principal=ent, holder=holder, actor=_person(ent.organisation)
        )
        held[holder.pk] = held.get(holder.pk, 0) + 1
        if len(held) == 1 and held[holder.pk] == 1 and ent is absent[0]:
            services.proxy_revoke(proxy=proxy, actor=_person(ent.organisation))
            held[holder.pk] -= 1

    def cast_all(poll: Poll, choose: object, skip: set[int] = frozenset()) -> None:
        for ent_pk, user in delegates.items():
            if ent_pk in skip:
                continue
            voices = [v.entitlement.pk for v in services.voices_for(user, poll)]
            if voices:
                services.ballot_cast(poll=poll, user=user, entitlement_ids=voices, choices=choose())  # type: ignore[operator]

    def certify(poll: Poll) -> None:
        services.poll_close(poll=poll)
        services.poll_confirm(poll=poll, teller=admin)
        services.poll_confirm(poll=poll, teller=staff)

    # Motion 1: amended (two-thirds of votes cast), then adopted.
    submitters = [e.organisation for e in entitlements if e.pk in delegates and e.organisation_id != first.pk]
    title, text, amended = MOTION_1
    motion = services.motion_submit(
        assembly=assembly, submitter=submitters[0], title=title, text=text, language="en"
    )
    for org in submitters[1:4]:
        services.motion_support(motion=motion, organisation=org)
    services.motion_recommend(
        motion=motion,
        recommendation="adopt_amended",
        by="Resolutions Committee",
        note="The amendment widens the motion to volunteers.",
    )
    amendment = services.amendment_submit(
        motion=motion, submitter=submitters[4], text=amended, rationale="Volunteers meet children too."
    )
    motion.translations.create(
        language="fr",
        title="Voyages et tourisme sûrs pour les enfants",
        text="L'Assemblée appelle chaque membre à former son personnel à la protection de l'enfance "
        "chaque année.",
    )
    motion.translations.create(
        language="es",
        title="Viajes y turismo seguros para la infancia",
        text="La Asamblea pide a cada miembro que forme a su personal en protección de la infancia cada año.",
    )
    services.motion_transition(motion=motion, to=Motion.State.ADMISSIBLE)
    services.motion_transition(motion=motion, to=Motion.State.DEBATED)
    poll = services.poll_open(
        poll=services.motion_poll_create(
            motion=motion,
            majority="two_thirds",
            base="cast",
            amendment=amendment,
            pk=poll_reference("amendment-1"),
        )
    )
    cast_all(poll, lambda: [rng.choices(["yes", "no", "abstain"], weights=[78, 18, 4])[0]])
    certify(poll)
    poll = services.poll_open(
        poll=services.motion_poll_create(
            motion=motion, majority="simple", base="cast", pk=poll_reference("motion-1")
        )
    )
    cast_all(poll, lambda: [rng.choices(["yes", "no", "abstain"], weights=[85, 10, 5])[0]])
    certify(poll)

    # Motion 2: its vote is open; the demo organisation's delegate (viewer@) has not voted.
    title, text = MOTION_2
    motion2 = services.motion_submit(
        assembly=assembly, submitter=submitters[5], title=title, text=text, language="en"
    )
    for org in submitters[6:9]:
        services.motion_support(motion=motion2, organisation=org)
    services.motion_transition(motion=motion2, to=Motion.State.ADMISSIBLE)
    services.motion_transition(motion=motion2, to=Motion.State.DEBATED)
    poll = services.poll_open(
        poll=services.motion_poll_create(
            motion=motion2, majority="absolute", base="present", pk=poll_reference("motion-2")
        )
    )
    own = next(e.pk for e in entitlements if e.organisation_id == first.pk)
    cast_all(poll, lambda: [rng.choice(["yes", "yes", "no", "abstain"])], skip={own})

    # Motion 3: submitted, gathering supporters.
    title, text = MOTION_3
    services.motion_submit(assembly=assembly, submitter=submitters[9], title=title, text=text, language="en")

    # The Representative Committee: reserved regional seats and a youth seat, plurality.
    position = Position.objects.create(
        assembly=assembly,
        title="Representative Committee",
        method=Position.Method.PLURALITY,
        tie_rule=Position.TieRule.LOT,
        regional_electorate=True,
        nominations_open=now - timedelta(days=90),
        nominations_close=now + timedelta(hours=2),
    )
    names = iter(
        f"{f} {last}" for f, last in zip(rng.sample(FIRST_NAMES, 16), rng.sample(LAST_NAMES, 16), strict=True)
    )
    standing = [e for e in entitlements if e.may_stand]
    for label, regions, seats, special in SEAT_GROUPS:
        group = SeatGroup.objects.create(
            position=position, label=label, regions=regions, seats=seats, special=special
        )
        pool = [e for e in standing if not regions or e.region in regions]
        for ent in rng.sample(pool, min(len(pool), seats + 1)):
            name = next(names, None) or f"Candidate {ent.organisation.country_id}"
            services.candidate_nominate(
                seat_group=group,
                organisation=ent.organisation,
                name=name,
                statement=f"{name} has worked with {ent.organisation.name} on child protection for years.",
            )
    for poll in services.election_polls_create(position=position):
        keys = list(poll.options.values_list("key", flat=True))
        poll = services.poll_open(poll=poll)
        cast_all(poll, lambda keys=keys, poll=poll: rng.sample(keys, min(len(keys), poll.max_choices)))
        certify(poll)

    Minutes.objects.create(assembly=assembly, body=services.minutes_draft(assembly), edited_by=admin)

    # An extraordinary assembly still to prepare, to walk through from the roll onwards.
    Assembly.objects.create(
        number=NUMBER + 1,
        title="Extraordinary International Assembly",
        starts_at=now + timedelta(days=60),
        ends_at=now + timedelta(days=60, hours=6),
        mode=Assembly.Mode.ONLINE,
        time_zone="UTC",
        languages="en,fr,es",
        status=Assembly.Status.PLANNED,
        record_date=timezone.localdate() - timedelta(days=1),
        motion_deadline=now + timedelta(days=30),
        min_supporters=2,
        chair=admin,
    )
