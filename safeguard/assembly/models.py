"""The International Assembly: its electoral roll, delegates, proxies, agenda, motions,
elections, secret ballots and minutes.

The rules (quorum, proxy cap and targets, majority per vote, tie rule per election) are data on
these rows, never code. Results are evaluated by the pure functions of ``results.py``.

Secrecy of the ballot is a property of the schema: ``Ballot`` has no reference to a voter,
entitlement, organisation or user, no time, and a random primary key; ``VoterRegister`` records
who has voted (one row per poll and entitlement, unique) with the date at most.
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeguard.accounts.models import validate_time_zone
from safeguard.network.models import Region


def upload_credentials(instance: Any, filename: str) -> str:
    """A random name: the uploader's file name is never used."""
    return f"assembly/credentials/{uuid.uuid4().hex}.pdf"


class Assembly(models.Model):
    """One International Assembly, with the rules its statutes set for it."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        HYBRID = "hybrid", _("hybrid")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("in session")
        CLOSED = "closed", _("closed")

    class ProxyTargets(models.TextChoices):
        ANY = "any", _("any voting member")
        SAME_REGION = "same_region", _("a voting member of the same region")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    mode = models.CharField(_("format"), max_length=20, choices=Mode.choices, default=Mode.HYBRID)
    place = models.CharField(_("place"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone of the assembly"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    languages = models.CharField(
        _("languages"), max_length=40, default="en,fr,es", help_text=_("Language codes, comma-separated.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    record_date = models.DateField(_("record date of the roll"))
    motion_deadline = models.DateTimeField(_("deadline for motions"))
    min_supporters = models.PositiveSmallIntegerField(_("supporters a motion needs"), default=2)
    # Quorum: present (in person, online or by proxy) entitled weight >= numerator/denominator of
    # the entitled weight.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=2)
    proxy_cap = models.PositiveSmallIntegerField(_("proxies one member may hold"), default=2)
    proxy_targets = models.CharField(
        _("who may hold a proxy"), max_length=20, choices=ProxyTargets.choices, default=ProxyTargets.ANY
    )
    roll_hash = models.CharField(_("SHA-256 of the roll"), max_length=64, blank=True)
    roll_taken_at = models.DateTimeField(_("roll taken"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="assembly_dates"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="assembly_quorum_fraction",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "open", "closed"]), name="assembly_status"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_starts_at(self) -> Any:
        """The statutes' default: the next Assembly meets three years on."""
        return self.starts_at + timedelta(days=3 * 365)

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Entitlement(models.Model):
    """One voting entitlement of the frozen roll: never changed once the roll is taken."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="entitlements")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    category = models.CharField(_("category"), max_length=40)
    may_stand = models.BooleanField(_("may stand for election"), default=False)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("entitlement")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "organisation"], name="entitlement_once_per_assembly"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="entitlement_weight_positive"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Delegate(models.Model):
    """A person a member names to the Assembly; one per member may be its voting delegate."""

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting the credentials committee")
        APPROVED = "approved", _("accredited")
        REJECTED = "rejected", _("rejected")

    class CheckIn(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="delegates")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    is_voting = models.BooleanField(_("voting delegate"), default=False)
    credentials = models.FileField(_("credentials letter (PDF)"), upload_to=upload_credentials, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    check_in = models.CharField(_("checked in"), max_length=20, choices=CheckIn.choices, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "-is_voting", "user__full_name"]
        verbose_name = _("delegate")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "user"], name="delegate_once_per_assembly"),
            models.UniqueConstraint(
                fields=["assembly", "organisation"],
                condition=Q(is_voting=True) & ~Q(state="rejected"),
                name="delegate_one_voting_per_member",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "rejected"]), name="delegate_state_valid"
            ),
            # A voting delegate needs a credentials letter.
            models.CheckConstraint(
                condition=Q(is_voting=False) | ~Q(credentials=""), name="delegate_voting_letter"
            ),
        ]

    def __str__(self) -> str:
        return self.user.full_name or self.user.email

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None


class Proxy(models.Model):
    """A member (principal) gives its vote to another member (holder) until revoked."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    principal = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="proxies_given")
    holder = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="proxies_held")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["principal__organisation__name"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["principal"],
                condition=Q(revoked_at__isnull=True),
                name="proxy_one_active_per_principal",
            ),
            models.CheckConstraint(condition=~Q(principal=models.F("holder")), name="proxy_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.holder}"


class DelegationLog(models.Model):
    """Every grant and revocation of a proxy: who, when, what. Never edited."""

    class Action(models.TextChoices):
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")

    proxy = models.ForeignKey(Proxy, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.proxy}"


class AgendaItem(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    documents = models.TextField(_("documents"), blank=True, help_text=_("One title or reference a line."))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "position"], name="agenda_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """A delegate on an agenda item's list of speakers, in the order they asked."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "delegate"], name="speaker_once_per_item")]

    def __str__(self) -> str:
        return str(self.delegate)


class Motion(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ADMISSIBLE = "admissible", _("admissible")
        DEBATED = "debated", _("debated")
        VOTED = "voted", _("voted")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Recommendation(models.TextChoices):
        NONE = "", _("no recommendation yet")
        ADOPT = "adopt", _("adopt")
        ADOPT_AMENDED = "adopt_amended", _("adopt as amended")
        REJECT = "reject", _("reject")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="motions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text (version of record)"))
    language = models.CharField(_("language of the version of record"), max_length=5, default="en")
    submitter = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    recommended_by = models.CharField(_("recommended by"), max_length=120, blank=True)
    recommendation_note = models.TextField(_("reasons for the recommendation"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="motions"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="motion_number_unique"),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "submitted",
                        "admissible",
                        "debated",
                        "voted",
                        "adopted",
                        "rejected",
                        "withdrawn",
                    ]
                ),
                name="motion_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def final_text(self) -> str:
        """The version of record as the Assembly amended it (the last adopted amendment)."""
        adopted = [a for a in self.amendments.all() if a.adopted]
        return adopted[-1].text if adopted else self.text


class MotionTranslation(models.Model):
    """The motion in another of the assembly's languages; only the motion's own text is of record."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["motion", "language"], name="translation_once")]

    def __str__(self) -> str:
        return f"{self.motion} [{self.language}]"


class MotionSupport(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="supporters")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "organisation"], name="support_once")]

    def __str__(self) -> str:
        return str(self.organisation)


class Amendment(models.Model):
    """A proposed new text of a motion, shown as a diff against the version of record."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    submitter = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("amended text"))
    rationale = models.TextField(_("rationale"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    adopted = models.BooleanField(_("adopted"), null=True, blank=True)  # set by its certified vote

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.motion} ({self.submitter})"


class Position(models.Model):
    """A body or office elected by the Assembly, with its seat groups and nomination window."""

    class Method(models.TextChoices):
        PLURALITY = "plurality", _("plurality (vote for up to the number of seats)")
        APPROVAL = "approval", _("approval (vote for as many as you approve, up to a limit)")

    class TieRule(models.TextChoices):
        RUNOFF = "runoff", _("a run-off between the tied candidates")
        LOT = "lot", _("drawing lots, recorded")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.PLURALITY)
    tie_rule = models.CharField(
        _("rule for ties"), max_length=20, choices=TieRule.choices, default=TieRule.RUNOFF
    )
    regional_electorate = models.BooleanField(_("only a region's members vote for its seats"), default=False)
    nominations_open = models.DateTimeField(_("nominations open"))
    nominations_close = models.DateTimeField(_("nominations close"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close__gte=models.F("nominations_open")), name="position_window"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SeatGroup(models.Model):
    """Seats reserved for one or more regions, or a special seat (youth), or open seats."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="seat_groups")
    label = models.CharField(_("seats"), max_length=120)
    regions = models.JSONField(_("regions"), default=list, blank=True)  # empty: open to every region
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    special = models.BooleanField(_("special seat"), default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="seatgroup_seats_positive")]

    def __str__(self) -> str:
        return self.label


class Candidate(models.Model):
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.CASCADE, related_name="candidates")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("candidate's name"), max_length=200)
    statement = models.TextField(_("statement"))
    nominated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["seat_group", "name", "organisation"], name="candidate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Poll(models.Model):
    """One vote: on a motion or an amendment (yes/no/abstain), or for one seat group."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("motion")
        AMENDMENT = "amendment", _("amendment")
        ELECTION = "election", _("election")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("simple majority (more yes than no)")
        ABSOLUTE = "absolute", _("absolute majority (more than half)")
        TWO_THIRDS = "two_thirds", _("two-thirds majority")
        FOUR_FIFTHS = "four_fifths", _("four-fifths majority")

    class Base(models.TextChoices):
        CAST = "cast", _("of the votes cast (yes and no; abstentions not counted)")
        PRESENT = "present", _("of the votes present (abstentions count against)")
        ENTITLED = "entitled", _("of all votes entitled")

    class State(models.TextChoices):
        DRAFT = "draft", _("not open yet")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed, being counted")
        CERTIFIED = "certified", _("certified")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="polls")
    amendment = models.ForeignKey(
        Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    seat_group = models.ForeignKey(
        SeatGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.SIMPLE
    )
    base = models.CharField(_("base"), max_length=20, choices=Base.choices, default=Base.CAST)
    max_choices = models.PositiveSmallIntegerField(_("vote for up to"), default=1)
    runoff_of = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Frozen at closing: the weight present (in person, online, by proxy) and entitled.
    present_weight = models.PositiveIntegerField(null=True, blank=True)
    entitled_weight = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    certified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "open", "closed", "certified"]), name="poll_state_valid"
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="poll_max_choices_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=40)  # "yes", "no", "abstain" or "c<candidate id>"
    label = models.CharField(max_length=200)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "key"], name="option_key_unique")]

    def __str__(self) -> str:
        return self.label


def random_key() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """A cast ballot. No voter, entitlement, organisation, user, time or sequence, by design:
    the random primary key keeps insertion order from being joined to the register."""

    id = models.UUIDField(primary_key=True, default=random_key, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    choices = models.JSONField(default=list)  # option keys, sorted
    weight = models.PositiveSmallIntegerField(default=1)
    tracker_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        # Never ordered by anything that follows insertion.
        ordering = ["tracker_digest"]

    def __str__(self) -> str:
        return self.tracker_digest[:16]


class VoterRegister(models.Model):
    """Who has voted in a poll: one row per entitlement, unique. The date at most, no time."""

    id = models.UUIDField(primary_key=True, default=random_key, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="register")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="+")
    voted_on = models.DateField(default=timezone.localdate)
    by_proxy = models.BooleanField(default=False)

    class Meta:
        ordering = ["entitlement__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "entitlement"], name="register_one_vote_per_entitlement"),
        ]

    def __str__(self) -> str:
        return f"{self.poll} / {self.entitlement}"


class AppendOnly(Exception):
    pass


class LogEntry(models.Model):
    """One link of a poll's hash chain: entry_hash = SHA-256(previous_hash | position | ballot_digest).

    Append-only: the model refuses updates and deletes (and PostgreSQL refuses them too)."""

    id = models.UUIDField(primary_key=True, default=random_key, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="log")
    position = models.PositiveIntegerField()
    previous_hash = models.CharField(max_length=64)
    ballot_digest = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="log_position_unique")]

    def __str__(self) -> str:
        return f"{self.poll} #{self.position}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("the ballot log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("the ballot log is append-only")


class TellerConfirmation(models.Model):
    """A teller confirms a poll's tally; two different tellers certify it."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="confirmations")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)
    tally_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["poll", "teller"], name="teller_once_per_poll")]

    def __str__(self) -> str:
        return f"{self.poll} / {self.teller}"


class Minutes(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    assembly = models.OneToOneField(Assembly, on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField(_("minutes"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.assembly}"
