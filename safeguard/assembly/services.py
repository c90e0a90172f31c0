"""Writes of the Assembly, each in one transaction, and the integrity checks (roll hash, log chain).

Every refusal is a ValidationError with a message meant for the person who tried.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from safeguard.accounts.models import Membership, Organisation
from safeguard.lib.uploads import validate_document
from safeguard.network.models import MemberRecord

from . import results
from .models import (
    Amendment,
    Assembly,
    Ballot,
    Candidate,
    Delegate,
    DelegationLog,
    Entitlement,
    LogEntry,
    Minutes,
    Motion,
    MotionSupport,
    Poll,
    PollOption,
    Position,
    Proxy,
    SeatGroup,
    TellerConfirmation,
    VoterRegister,
)

GENESIS = "0" * 64
MAX_PDF_BYTES = 10 * 1024 * 1024


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- The roll -----------------------------------------------------------------------------------


def roll_canonical(assembly: Assembly, entitlements: list[Entitlement]) -> str:
    """The roll as canonical JSON: sorted keys, rows sorted by organisation id, no spaces."""
    rows = sorted(
        (
            {
                "organisation": e.organisation_id,
                "region": e.region,
                "category": e.category,
                "may_stand": e.may_stand,
                "weight": e.weight,
            }
            for e in entitlements
        ),
        key=lambda row: row["organisation"],
    )
    body = {"assembly": assembly.number, "record_date": assembly.record_date.isoformat(), "roll": rows}
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


@transaction.atomic
def roll_snapshot(*, assembly: Assembly) -> int:
    """Freeze the electoral roll at the record date: one entitlement per voting member in good
    standing. Taken once; later membership changes never alter it. Returns its size."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.roll_hash:
        raise ValidationError(_("The roll of this assembly was already taken."))
    if assembly.record_date > timezone.localdate():
        raise ValidationError(_("The roll is taken on or after its record date."))
    records = (
        MemberRecord.objects.in_good_standing(assembly.record_date)
        .filter(category__may_vote=True)
        .select_related("category")
    )
    entitlements = Entitlement.objects.bulk_create(
        Entitlement(
            assembly=assembly,
            organisation_id=r.organisation_id,
            region=r.region,
            category=r.category.slug,
            may_stand=r.category.may_stand,
        )
        for r in records
    )
    assembly.roll_hash = sha256(roll_canonical(assembly, entitlements))
    assembly.roll_taken_at = timezone.now()
    assembly.save(update_fields=["roll_hash", "roll_taken_at"])
    return len(entitlements)


def roll_verify(assembly: Assembly) -> bool:
    """Recompute the roll's hash from the stored entitlements and compare."""
    if not assembly.roll_hash:
        return False
    stored = list(Entitlement.objects.filter(assembly=assembly))
    return secrets.compare_digest(sha256(roll_canonical(assembly, stored)), assembly.roll_hash)


# --- Accreditation and presence ----------------------------------------------------------------


@transaction.atomic
def delegate_name(
    *,
    assembly: Assembly,
    organisation: Organisation,
    user: Any,
    is_voting: bool,
    credentials: UploadedFile | None,
    actor: Any,
) -> Delegate:
    """A member names one of its people as a delegate; the voting delegate needs a credentials
    letter (PDF, checked by content) and the member an entitlement on the roll."""
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("This assembly is closed."))
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("A delegate must be one of the organisation's people."))
    if Delegate.objects.filter(assembly=assembly, user=user).exists():
        raise ValidationError(_("This person is already a delegate to this assembly."))
    delegate = Delegate(
        assembly=assembly, organisation=organisation, user=user, is_voting=is_voting, named_by=actor
    )
    if is_voting:
        if not Entitlement.objects.filter(assembly=assembly, organisation=organisation).exists():
            raise ValidationError(_("This organisation has no vote on the roll of this assembly."))
        if credentials is None:
            raise ValidationError(_("A voting delegate needs a credentials letter (PDF)."))
        if (
            Delegate.objects.filter(assembly=assembly, organisation=organisation, is_voting=True)
            .exclude(state=Delegate.State.REJECTED)
            .exists()
        ):
            raise ValidationError(_("The organisation already has a voting delegate."))
    if credentials is not None:
        validate_document(credentials, max_bytes=MAX_PDF_BYTES)
        delegate.credentials.save("letter.pdf", credentials, save=False)
    delegate.save()
    return delegate


@transaction.atomic
def delegate_decide(*, delegate: Delegate, approve: bool, reason: str, actor: Any) -> Delegate:
    """The credentials committee approves or rejects a delegate; a rejection needs reasons."""
    if delegate.state != Delegate.State.PENDING:
        raise ValidationError(_("This delegate was already decided."))
    if not approve and not reason.strip():
        raise ValidationError(_("Give the reasons for rejecting the credentials."))
    delegate.state = Delegate.State.APPROVED if approve else Delegate.State.REJECTED
    delegate.decision_reason = reason.strip()
    delegate.decided_by = actor
    delegate.save(update_fields=["state", "decision_reason", "decided_by"])
    return delegate


@transaction.atomic
def delegate_check_in(*, delegate: Delegate, mode: str) -> Delegate:
    """An accredited delegate is present: checked in by staff (in person) or by themself online."""
    if delegate.state != Delegate.State.APPROVED:
        raise ValidationError(_("Only accredited delegates can check in."))
    if delegate.assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("This assembly is closed."))
    if delegate.checked_in_at is None:
        delegate.checked_in_at = timezone.now()
        delegate.check_in = mode
        delegate.save(update_fields=["checked_in_at", "check_in"])
    return delegate


@dataclass(frozen=True)
class Quorum:
    entitled: int
    present: int  # weight present in person or online
    proxied: int  # weight of principals whose proxy holder is present
    needed: int
    met: bool
    numerator: int
    denominator: int

    @property
    def total(self) -> int:
        return self.present + self.proxied


def present_entitlement_ids(assembly: Assembly) -> set[int]:
    """Entitlements whose accredited voting delegate has checked in."""
    orgs = Delegate.objects.filter(
        assembly=assembly, is_voting=True, state=Delegate.State.APPROVED, checked_in_at__isnull=False
    ).values("organisation_id")
    return set(
        Entitlement.objects.filter(assembly=assembly, organisation_id__in=orgs).values_list("pk", flat=True)
    )


def quorum_status(assembly: Assembly, electorate: set[int] | None = None) -> Quorum:
    """Present and proxied weight against the assembly's quorum rule (three queries)."""
    weights = dict(Entitlement.objects.filter(assembly=assembly).values_list("pk", "weight"))
    if electorate is not None:
        weights = {pk: w for pk, w in weights.items() if pk in electorate}
    present_ids = present_entitlement_ids(assembly) & set(weights)
    proxied_ids = {
        principal
        for principal, holder in Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True).values_list(
            "principal_id", "holder_id"
        )
        if holder in present_ids and principal in weights and principal not in present_ids
    }
    entitled = sum(weights.values())
    present = sum(weights[pk] for pk in present_ids)
    proxied = sum(weights[pk] for pk in proxied_ids)
    num, den = assembly.quorum_numerator, assembly.quorum_denominator
    return Quorum(
        entitled,
        present,
        proxied,
        results.quorum_needed(entitled, num, den),
        results.quorum_met(present + proxied, entitled, num, den),
        num,
        den,
    )


# --- Proxies ---------------------------------------------------------------------------------------


@transaction.atomic
def proxy_grant(*, assembly: Assembly, principal: Entitlement, holder: Entitlement, actor: Any) -> Proxy:
    """The principal gives its vote to the holder, within the cap and the allowed targets."""
    # Lock the holder's entitlement so that two grants cannot both pass the cap.
    holder = Entitlement.objects.select_for_update().get(pk=holder.pk, assembly=assembly)
    if principal.assembly_id != assembly.pk:
        raise ValidationError(_("Both members must be on this assembly's roll."))
    if principal.pk == holder.pk:
        raise ValidationError(_("A member cannot hold its own proxy."))
    active = Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
    if active.filter(principal=principal).exists():
        raise ValidationError(_("This member has already given its proxy; revoke it first."))
    if active.filter(principal=holder).exists():
        raise ValidationError(
            _("%(holder)s has given its own vote away and cannot hold proxies.") % {"holder": holder}
        )
    if active.filter(holder=principal).exists():
        raise ValidationError(_("A member that holds proxies cannot give its vote away."))
    if VoterRegister.objects.filter(entitlement=principal, poll__state=Poll.State.OPEN).exists():
        raise ValidationError(_("This member has already voted in an open vote."))
    if assembly.proxy_targets == Assembly.ProxyTargets.SAME_REGION and principal.region != holder.region:
        raise ValidationError(_("The statutes allow proxies only to a member of the same region."))
    held = active.filter(holder=holder).count()
    if held >= assembly.proxy_cap:
        raise ValidationError(
            _("%(holder)s already holds %(held)s proxies, the most the statutes allow.")
            % {"holder": holder, "held": held}
        )
    proxy = Proxy.objects.create(assembly=assembly, principal=principal, holder=holder)
    DelegationLog.objects.create(proxy=proxy, action=DelegationLog.Action.GRANT, actor=actor)
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, actor: Any) -> Proxy:
    if proxy.revoked_at is not None:
        raise ValidationError(_("This proxy was already revoked."))
    proxy.revoked_at = timezone.now()
    proxy.save(update_fields=["revoked_at"])
    DelegationLog.objects.create(proxy=proxy, action=DelegationLog.Action.REVOKE, actor=actor)
    return proxy


# --- Motions ---------------------------------------------------------------------------------------

# The motion workflow: anything not listed is refused.
MOTION_TRANSITIONS: dict[str, frozenset[str]] = {
    Motion.State.SUBMITTED: frozenset(
        {Motion.State.ADMISSIBLE, Motion.State.REJECTED, Motion.State.WITHDRAWN}
    ),
    Motion.State.ADMISSIBLE: frozenset({Motion.State.DEBATED, Motion.State.WITHDRAWN}),
    Motion.State.DEBATED: frozenset({Motion.State.VOTED, Motion.State.WITHDRAWN}),
    Motion.State.VOTED: frozenset({Motion.State.ADOPTED, Motion.State.REJECTED}),
    Motion.State.ADOPTED: frozenset(),
    Motion.State.REJECTED: frozenset(),
    Motion.State.WITHDRAWN: frozenset(),
}


@transaction.atomic
def motion_submit(
    *, assembly: Assembly, submitter: Organisation, title: str, text: str, language: str, now: Any = None
) -> Motion:
    """A member submits a motion before the deadline; it supports its own motion."""
    if (now or timezone.now()) > assembly.motion_deadline:
        raise ValidationError(_("The deadline for motions has passed."))
    if language not in assembly.language_list:
        raise ValidationError(_("Write the motion in one of the assembly's languages."))
    number = (
        Motion.objects.select_for_update()
        .filter(assembly=assembly)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    motion = Motion.objects.create(
        assembly=assembly, number=number, submitter=submitter, title=title, text=text, language=language
    )
    MotionSupport.objects.create(motion=motion, organisation=submitter)
    return motion


def motion_support(*, motion: Motion, organisation: Organisation) -> None:
    if motion.state != Motion.State.SUBMITTED:
        raise ValidationError(_("Support is gathered only while the motion is submitted."))
    MotionSupport.objects.get_or_create(motion=motion, organisation=organisation)


@transaction.atomic
def motion_transition(*, motion: Motion, to: str) -> Motion:
    """Move a motion along the workflow; the transition table decides what is allowed."""
    if to not in MOTION_TRANSITIONS.get(motion.state, frozenset()):
        raise ValidationError(
            _("A motion cannot go from “%(from)s” to “%(to)s”.")
            % {"from": motion.get_state_display(), "to": Motion.State(to).label}
        )
    if to == Motion.State.ADMISSIBLE:
        supporters = motion.supporters.count()
        if supporters < motion.assembly.min_supporters:
            raise ValidationError(
                _("The motion has %(n)s supporters; the statutes ask for %(min)s.")
                % {"n": supporters, "min": motion.assembly.min_supporters}
            )
    motion.state = to
    motion.save(update_fields=["state"])
    return motion


def motion_recommend(*, motion: Motion, recommendation: str, by: str, note: str) -> Motion:
    motion.recommendation = recommendation
    motion.recommended_by = by
    motion.recommendation_note = note
    motion.save(update_fields=["recommendation", "recommended_by", "recommendation_note"])
    return motion


def amendment_submit(*, motion: Motion, submitter: Organisation, text: str, rationale: str) -> Amendment:
    if motion.state not in (Motion.State.SUBMITTED, Motion.State.ADMISSIBLE, Motion.State.DEBATED):
        raise ValidationError(_("This motion no longer takes amendments."))
    if text.strip() == motion.text.strip():
        raise ValidationError(_("The amendment does not change the text."))
    return Amendment.objects.create(motion=motion, submitter=submitter, text=text, rationale=rationale)


# --- Elections -------------------------------------------------------------------------------------


def eligibility_problem(seat_group: SeatGroup, organisation: Organisation, today: Any = None) -> str:
    """Why ``organisation`` may not put up a candidate for these seats, or "" when it may."""
    today = today or timezone.localdate()
    record = (
        MemberRecord.objects.in_good_standing(today)
        .filter(organisation=organisation, category__may_vote=True, category__may_stand=True)
        .first()
    )
    if record is None:
        return _("The candidate's organisation must be a voting member in good standing.")
    if seat_group.regions and record.region not in seat_group.regions:
        return _("These seats are reserved for another region.")
    return ""


@transaction.atomic
def candidate_nominate(
    *, seat_group: SeatGroup, organisation: Organisation, name: str, statement: str, now: Any = None
) -> Candidate:
    """A nomination in the window, with the eligibility checks."""
    now = now or timezone.now()
    position = seat_group.position
    if not position.nominations_open <= now <= position.nominations_close:
        raise ValidationError(_("Nominations are not open."))
    problem = eligibility_problem(seat_group, organisation, timezone.localdate(now))
    if problem:
        raise ValidationError(problem)
    if Candidate.objects.filter(seat_group=seat_group, organisation=organisation, name=name).exists():
        raise ValidationError(_("This candidate is already nominated."))
    return Candidate.objects.create(
        seat_group=seat_group, organisation=organisation, name=name, statement=statement
    )


@transaction.atomic
def election_polls_create(*, position: Position) -> list[Poll]:
    """One poll per seat group, "vote for up to N" (the seats; approval: every candidate)."""
    polls = []
    for group in position.seat_groups.prefetch_related("candidates"):
        if group.polls.exists():
            continue
        candidates = list(group.candidates.all())
        up_to = group.seats if position.method == Position.Method.PLURALITY else max(len(candidates), 1)
        poll = Poll.objects.create(
            assembly=position.assembly,
            kind=Poll.Kind.ELECTION,
            title=f"{position.title}: {group.label}",
            seat_group=group,
            max_choices=up_to,
        )
        PollOption.objects.bulk_create(
            PollOption(
                poll=poll, key=f"c{c.pk}", label=f"{c.name} ({c.organisation})", candidate=c, position=i
            )
            for i, c in enumerate(candidates)
        )
        polls.append(poll)
    return polls


@transaction.atomic
def motion_poll_create(
    *,
    motion: Motion,
    majority: str,
    base: str,
    amendment: Amendment | None = None,
    pk: uuid.UUID | None = None,
) -> Poll:
    """A yes/no/abstain vote on a motion or one of its amendments. ``pk``: a fixed key (the demo's
    stable addresses); random otherwise."""
    title = (
        _("Amendment to motion %(n)s") % {"n": motion.number}
        if amendment
        else _("Motion %(n)s: %(title)s") % {"n": motion.number, "title": motion.title}
    )
    poll = Poll.objects.create(
        id=pk or uuid.uuid4(),
        assembly=motion.assembly,
        kind=Poll.Kind.AMENDMENT if amendment else Poll.Kind.MOTION,
        title=title,
        motion=motion,
        amendment=amendment,
        majority=majority,
        base=base,
    )
    for i, (key, label) in enumerate((("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain")))):
        PollOption.objects.create(poll=poll, key=key, label=label, position=i)
    return poll


# --- Voting ----------------------------------------------------------------------------------------


def electorate_ids(poll: Poll) -> set[int]:
    """Entitlements that vote in ``poll``: everyone, or a region's members for its seats."""
    entitlements = Entitlement.objects.filter(assembly_id=poll.assembly_id)
    group = poll.seat_group
    if group is not None and group.regions and group.position.regional_electorate:
        entitlements = entitlements.filter(region__in=group.regions)
    return set(entitlements.values_list("pk", flat=True))


@dataclass(frozen=True)
class Voice:
    """An entitlement a user may cast now: its own, or one held by proxy."""

    entitlement: Entitlement
    by_proxy: bool


def voices_for(user: Any, poll: Poll) -> list[Voice]:
    """The entitlements ``user`` may still cast in ``poll`` (own and proxied), in a few queries."""
    if not getattr(user, "is_authenticated", False) or poll.state != Poll.State.OPEN:
        return []
    delegate = Delegate.objects.filter(
        assembly_id=poll.assembly_id,
        user=user,
        is_voting=True,
        state=Delegate.State.APPROVED,
        checked_in_at__isnull=False,
    ).first()
    if delegate is None:
        return []
    own = Entitlement.objects.filter(
        assembly_id=poll.assembly_id, organisation_id=delegate.organisation_id
    ).first()
    if own is None:
        return []
    active = Proxy.objects.filter(assembly_id=poll.assembly_id, revoked_at__isnull=True)
    voices = []
    if not active.filter(principal=own).exists():  # the principal cannot vote while its proxy stands
        voices.append(Voice(own, False))
    held = Entitlement.objects.filter(pk__in=active.filter(holder=own).values("principal_id")).select_related(
        "organisation"
    )
    voices += [Voice(e, True) for e in held]
    electorate = electorate_ids(poll)
    voted = set(VoterRegister.objects.filter(poll=poll).values_list("entitlement_id", flat=True))
    return [v for v in voices if v.entitlement.pk in electorate and v.entitlement.pk not in voted]


def _clean_choices(poll: Poll, choices: list[str]) -> list[str]:
    keys = set(poll.options.values_list("key", flat=True))
    chosen = sorted(set(choices))
    if any(key not in keys for key in chosen):
        raise ValidationError(_("The ballot holds an unknown choice."))
    if poll.kind == Poll.Kind.ELECTION:
        if len(chosen) > poll.max_choices:
            raise ValidationError(_("Vote for up to %(n)s.") % {"n": poll.max_choices})
    elif len(chosen) != 1:
        raise ValidationError(_("Choose yes, no or abstain."))
    return chosen


def ballot_digest(ballot: Ballot) -> str:
    body = json.dumps(
        [str(ballot.id), str(ballot.poll_id), ballot.choices, ballot.weight, ballot.tracker_digest]
    )
    return sha256(body)


def entry_hash(previous: str, position: int, digest: str) -> str:
    return sha256(f"{previous}|{position}|{digest}")


def ballot_cast(*, poll: Poll, user: Any, entitlement_ids: list[int], choices: list[str]) -> list[str]:
    """Cast one secret ballot per entitlement ``user`` may cast (own and proxied).

    For each: the register row (unique per poll and entitlement) and the ballot are written in
    one transaction, and the ballot is appended to the poll's hash chain. A second vote from an
    entitlement is refused, also when two submissions race: the poll row is locked and the
    register's unique constraint has the last word. Returns one tracker code per ballot.
    """
    if not entitlement_ids:
        raise ValidationError(_("Choose for whom you vote."))
    chosen = _clean_choices(poll, choices)
    trackers = []
    try:
        with transaction.atomic():
            locked = Poll.objects.select_for_update().get(pk=poll.pk)
            if locked.state != Poll.State.OPEN:
                raise ValidationError(_("This vote is not open."))
            voices = {v.entitlement.pk: v for v in voices_for(user, locked)}
            for pk in entitlement_ids:
                voice = voices.get(int(pk))
                if voice is None:
                    raise ValidationError(_("You cannot cast this vote, or it was already cast."))
                VoterRegister.objects.create(
                    poll=locked, entitlement=voice.entitlement, by_proxy=voice.by_proxy
                )
                tracker = secrets.token_hex(10).upper()
                ballot = Ballot.objects.create(
                    poll=locked,
                    choices=chosen,
                    weight=voice.entitlement.weight,
                    tracker_digest=sha256(tracker),
                )
                _log_append(locked, ballot_digest(ballot))
                trackers.append(tracker)
    except IntegrityError:
        raise ValidationError(_("This vote was already cast.")) from None
    return trackers


def _log_append(poll: Poll, digest: str) -> LogEntry:
    last = LogEntry.objects.filter(poll=poll).order_by("-position").first()
    previous = last.entry_hash if last else GENESIS
    position = last.position + 1 if last else 1
    return LogEntry.objects.create(
        poll=poll,
        position=position,
        previous_hash=previous,
        ballot_digest=digest,
        entry_hash=entry_hash(previous, position, digest),
    )


@dataclass(frozen=True)
class LogCheck:
    ok: bool
    entries: int
    broken_at: int | None = None  # the position of the first entry that fails
    reason: str = ""
    head: str = GENESIS


def verify_chain(entries: list[LogEntry], ballot_digests: list[str]) -> LogCheck:
    """Recompute a chain (entries in position order) and match it with the ballots' digests."""
    previous = GENESIS
    for expected, entry in enumerate(entries, start=1):
        if entry.position != expected or entry.previous_hash != previous:
            return LogCheck(False, len(entries), entry.position, "chain", previous)
        if entry.entry_hash != entry_hash(previous, entry.position, entry.ballot_digest):
            return LogCheck(False, len(entries), entry.position, "hash", previous)
        previous = entry.entry_hash
    if sorted(ballot_digests) != sorted(e.ballot_digest for e in entries):
        known = set(ballot_digests)
        mismatched = next((e.position for e in entries if e.ballot_digest not in known), len(entries) + 1)
        return LogCheck(False, len(entries), mismatched, "ballots", previous)
    return LogCheck(True, len(entries), None, "", previous)


def log_verify(poll: Poll) -> LogCheck:
    """Recompute the poll's chain and match it with the stored ballots; names the first broken entry."""
    entries = list(LogEntry.objects.filter(poll=poll).order_by("position"))
    return verify_chain(entries, [ballot_digest(b) for b in Ballot.objects.filter(poll=poll)])


@dataclass(frozen=True)
class BulletinRow:
    poll: Poll
    voted: list[str]  # organisations that voted, never how
    trackers: list[str]  # the first 16 hex digits of each counted ballot's tracker digest
    log: LogCheck


def bulletin(assembly: Assembly) -> list[BulletinRow]:
    """Every opened vote of the assembly with who voted, the trackers and the log check, in a
    fixed number of queries whatever the number of votes."""
    polls = list(assembly.polls.exclude(state=Poll.State.DRAFT).prefetch_related("options"))
    voted: dict[Any, list[str]] = {p.pk: [] for p in polls}
    for poll_id, name in VoterRegister.objects.filter(poll__in=polls).values_list(
        "poll_id", "entitlement__organisation__name"
    ):
        voted[poll_id].append(name)
    ballots: dict[Any, list[Ballot]] = {p.pk: [] for p in polls}
    for ballot in Ballot.objects.filter(poll__in=polls):
        ballots[ballot.poll_id].append(ballot)
    entries: dict[Any, list[LogEntry]] = {p.pk: [] for p in polls}
    for entry in LogEntry.objects.filter(poll__in=polls).order_by("position"):
        entries[entry.poll_id].append(entry)
    return [
        BulletinRow(
            poll,
            sorted(voted[poll.pk]),
            sorted(b.tracker_digest[:16] for b in ballots[poll.pk]),
            verify_chain(entries[poll.pk], [ballot_digest(b) for b in ballots[poll.pk]]),
        )
        for poll in polls
    ]


# --- Counting and certification ---------------------------------------------------------------


@transaction.atomic
def poll_open(*, poll: Poll) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state != Poll.State.DRAFT:
        raise ValidationError(_("This vote was already opened."))
    if not poll.assembly.roll_hash:
        raise ValidationError(_("Take the roll before opening a vote."))
    if poll.kind != Poll.Kind.ELECTION and poll.motion.state != Motion.State.DEBATED:
        raise ValidationError(_("A motion is put to the vote after its debate."))
    if poll.kind == Poll.Kind.ELECTION and poll.options.count() == 0:
        raise ValidationError(_("There is no candidate for these seats."))
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["state", "opened_at"])
    return poll


def _ballots(poll: Poll) -> list[tuple[list[str], int]]:
    return list(Ballot.objects.filter(poll=poll).values_list("choices", "weight"))


@transaction.atomic
def poll_close(*, poll: Poll) -> Poll:
    """Close the vote, freeze presence, evaluate the result under the poll's rules."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state != Poll.State.OPEN:
        raise ValidationError(_("This vote is not open."))
    electorate = electorate_ids(poll)
    quorum = quorum_status(poll.assembly, electorate)
    poll.present_weight = quorum.total
    poll.entitled_weight = quorum.entitled
    ballots = _ballots(poll)
    if poll.kind == Poll.Kind.ELECTION:
        options = list(poll.options.values_list("key", flat=True))
        outcome = results.tally_election(ballots, options, poll.seat_group.seats, poll.max_choices)
        result: dict[str, Any] = outcome.as_dict()
        if outcome.tied and poll.seat_group.position.tie_rule == Position.TieRule.LOT:
            drawn = list(outcome.tied)
            secrets.SystemRandom().shuffle(drawn)
            result = results.resolve_by_lot(outcome, drawn).as_dict()
            result["lot"] = drawn
        elif outcome.tied:
            result["runoff"] = True
    else:
        yes, no, abstain = results.count_motion(ballots)
        result = results.evaluate_motion(
            yes=yes,
            no=no,
            abstain=abstain,
            present=quorum.total,
            entitled=quorum.entitled,
            majority=poll.majority,
            base=poll.base,
        ).as_dict()
    result["quorum"] = quorum.met
    if not quorum.met and poll.kind != Poll.Kind.ELECTION:
        result["passed"] = False
    result["log_head"] = log_verify(poll).head
    poll.result = result
    poll.state = Poll.State.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["state", "closed_at", "result", "present_weight", "entitled_weight"])
    if poll.kind == Poll.Kind.MOTION and poll.motion.state == Motion.State.DEBATED:
        motion_transition(motion=poll.motion, to=Motion.State.VOTED)
    return poll


def tally_digest(poll: Poll) -> str:
    return sha256(json.dumps(poll.result, sort_keys=True))


@transaction.atomic
def poll_confirm(*, poll: Poll, teller: Any) -> Poll:
    """A teller confirms the tally; the second, different teller certifies it. Only certified
    results are published. The log must verify."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state != Poll.State.CLOSED:
        raise ValidationError(_("Only a closed vote can be confirmed."))
    if not log_verify(poll).ok:
        raise ValidationError(_("The ballot log does not verify: the result cannot be certified."))
    if TellerConfirmation.objects.filter(poll=poll, teller=teller).exists():
        raise ValidationError(_("You already confirmed this tally; a second teller must confirm it."))
    TellerConfirmation.objects.create(poll=poll, teller=teller, tally_digest=tally_digest(poll))
    if TellerConfirmation.objects.filter(poll=poll).values("teller").distinct().count() >= 2:
        poll.state = Poll.State.CERTIFIED
        poll.certified_at = timezone.now()
        poll.save(update_fields=["state", "certified_at"])
        _apply_certified(poll)
    return poll


def _apply_certified(poll: Poll) -> None:
    passed = bool(poll.result.get("passed"))
    if poll.kind == Poll.Kind.AMENDMENT and poll.amendment is not None:
        Amendment.objects.filter(pk=poll.amendment_id).update(adopted=passed)
    if poll.kind == Poll.Kind.MOTION and poll.motion.state == Motion.State.VOTED:
        motion_transition(motion=poll.motion, to=Motion.State.ADOPTED if passed else Motion.State.REJECTED)
    if poll.kind == Poll.Kind.ELECTION and poll.result.get("runoff"):
        runoff = Poll.objects.create(
            assembly=poll.assembly,
            kind=Poll.Kind.ELECTION,
            title=_("%(title)s (run-off)") % {"title": poll.title},
            seat_group=poll.seat_group,
            max_choices=poll.result["seats_left"],
            runoff_of=poll,
        )
        for i, option in enumerate(poll.options.filter(key__in=poll.result["tied"])):
            PollOption.objects.create(
                poll=runoff, key=option.key, label=option.label, candidate=option.candidate, position=i
            )


# --- Minutes ---------------------------------------------------------------------------------------


def minutes_context(assembly: Assembly) -> dict[str, Any]:
    """Everything the minutes draw on, in a fixed number of queries."""
    delegates = list(
        Delegate.objects.filter(assembly=assembly)
        .select_related("organisation", "user")
        .order_by("organisation__name")
    )
    return {
        "assembly": assembly,
        "agenda": list(assembly.agenda.all()),
        "delegates": delegates,
        "proxies": list(
            Proxy.objects.filter(assembly=assembly).select_related(
                "principal__organisation", "holder__organisation"
            )
        ),
        "motions": list(assembly.motions.select_related("submitter").prefetch_related("amendments")),
        "polls": list(
            assembly.polls.filter(state=Poll.State.CERTIFIED)
            .prefetch_related("options")
            .order_by("certified_at")
        ),
        "quorum": quorum_status(assembly),
        "entitled": Entitlement.objects.filter(assembly=assembly).count(),
    }


def minutes_draft(assembly: Assembly, context: dict[str, Any] | None = None) -> str:
    """The draft text, assembled from the agenda, attendance, proxies, motions and results
    (``context``: ``minutes_context(assembly)`` when the caller has it already)."""
    return render_to_string("assembly/minutes_draft.txt", context or minutes_context(assembly)).strip() + "\n"


def minutes_save(*, assembly: Assembly, body: str, actor: Any) -> Minutes:
    minutes, _created = Minutes.objects.update_or_create(
        assembly=assembly, defaults={"body": body, "edited_by": actor}
    )
    return minutes


def minutes_for(assembly: Assembly, context: dict[str, Any] | None = None) -> Minutes:
    """The stored minutes, or a fresh draft (not saved) the chair can edit."""
    stored = Minutes.objects.filter(assembly=assembly).first()
    return stored or Minutes(assembly=assembly, body=minutes_draft(assembly, context))


def organisations_that_voted(poll: Poll) -> list[str]:
    return sorted(
        VoterRegister.objects.filter(poll=poll).values_list("entitlement__organisation__name", flat=True)
    )


def tracker_counted(poll: Poll, tracker: str) -> bool:
    return Ballot.objects.filter(poll=poll, tracker_digest=sha256(tracker.strip().upper())).exists()


def assembly_schedule_next(*, assembly: Assembly) -> Assembly:
    """The next assembly, three years on by default, planned with the same rules."""
    shift = assembly.next_starts_at - assembly.starts_at
    return Assembly.objects.create(
        number=assembly.number + 1,
        title=_("International Assembly %(n)s") % {"n": assembly.number + 1},
        starts_at=assembly.starts_at + shift,
        ends_at=assembly.ends_at + shift,
        mode=assembly.mode,
        place="",
        time_zone=assembly.time_zone,
        languages=assembly.languages,
        record_date=assembly.record_date + shift,
        motion_deadline=assembly.motion_deadline + shift,
        min_supporters=assembly.min_supporters,
        quorum_numerator=assembly.quorum_numerator,
        quorum_denominator=assembly.quorum_denominator,
        proxy_cap=assembly.proxy_cap,
        proxy_targets=assembly.proxy_targets,
    )
