"""Writes of the campaigns app: signing, the outbox job, confirmation, counting, moderation.

The signing request writes one row and returns (``signature_create``). Everything else runs
later from jobs that scan the table, so nothing is lost if a worker dies:

- ``signatures_process``: rate checks and block rules (silent quarantine), confirmation mails;
- ``counts_fold``: moves ``CountDelta`` rows into ``CounterShard`` rows, in one transaction that
  deletes what it adds, so a killed run changes nothing and the next run folds everything;
- ``counts_recount``: compares the counters with the signatures and alerts (and fixes) on drift.
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import ipaddress
import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection, mail_admins
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safeguard.accounts.models import Membership
from safeguard.countries.models import Country
from safeguard.lib import bulk

from . import identity
from .models import (
    BlockRule,
    Campaign,
    Channel,
    CountDelta,
    CounterShard,
    Handover,
    Invalidation,
    Milestone,
    PaperBatch,
    Petition,
    RateLimit,
    Signature,
)

logger = logging.getLogger("safeguard.campaigns")

COUNTS_CACHE_SECONDS = 5  # + a fold every few seconds keeps public counts within 10 s
TOKEN_LIFETIME = timedelta(days=7)
MAX_MAILS_PER_SIGNATURE = 5
FORM_MIN_SECONDS = 3
FORM_MAX_SECONDS = 6 * 3600
Status = Signature.Status
COUNTED = Status.CONFIRMED


# --- Reference lookups kept in process memory or the cache --------------------------------


_country_ids: dict[str, int] = {}


def country_id_for(iso2: str) -> int | None:
    """Countries are reference data: looked up once per process."""
    if not _country_ids:
        _country_ids.update(Country.objects.values_list("iso2", "pk"))
    return _country_ids.get(iso2.upper())


def blocked_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = cache.get("campaigns:blocked-networks")
    if networks is None:
        networks = []
        for pattern in BlockRule.objects.filter(kind=BlockRule.Kind.NETWORK, is_active=True).values_list(
            "pattern", flat=True
        ):
            try:
                networks.append(ipaddress.ip_network(pattern, strict=False))
            except ValueError:
                logger.warning("campaigns: ignoring block rule with a bad network %r", pattern)
        cache.set("campaigns:blocked-networks", networks, 30)
    return networks


# --- Signing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInput:
    name: str
    email: str
    country_id: int
    consent_count: bool
    consent_news: bool
    consent_share: bool = False
    language: str = "en"
    action_page_id: int | None = None


@functools.cache
def _signature_insert_sql() -> tuple[str, tuple[Any, ...]]:
    meta = Signature._meta
    fields = tuple(f for f in meta.local_concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})", fields  # noqa: S608


def _insert_signature(row: Signature) -> None:
    """INSERT one signature row, field values prepared as ``save()`` prepares them.

    ``save()``'s machinery (signals, which Signature has none of, the insert compiler) was a
    fifth of a signing request's CPU; the statement's text is built once per process.
    """
    sql, fields = _signature_insert_sql()
    params = [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def signature_create(
    *, petition_id: int, consent_version: str, data: SignInput, ip: str | None, suspicious: str = ""
) -> None:
    """Write the one row of a signature and return; a duplicate asks for the mail again.

    ``suspicious`` (honeypot, form too fast, blocked network) quarantines the row at once, and
    the signer sees the same answer as everyone else.
    """
    ip_hash, net_hash = identity.ip_hashes(ip)
    networks = blocked_networks() if ip and not suspicious else []
    if networks and any(ipaddress.ip_address(ip) in network for network in networks):
        suspicious = "blocked-network"
    email_hmac = identity.email_hmac(data.email)
    row = Signature(
        petition_id=petition_id,
        action_page_id=data.action_page_id,
        country_id=data.country_id,
        channel=Channel.ONLINE,
        language=data.language,
        status=Status.QUARANTINED if suspicious else Status.PENDING,
        status_reason=suspicious,
        name=data.name,
        email=data.email.strip(),
        email_hmac=email_hmac,
        email_domain=identity.email_domain(data.email),
        ip_hash=ip_hash,
        net_hash=net_hash,
        consent_count=data.consent_count,
        consent_news=data.consent_news,
        consent_share=data.consent_share,
        consent_version=consent_version,
    )
    try:
        if connection.get_autocommit():
            _insert_signature(row)  # one statement, no BEGIN/COMMIT round trips
        else:
            with transaction.atomic():  # a savepoint inside the caller's transaction
                _insert_signature(row)
    except IntegrityError:
        # Already signed: the existing row's confirmation is sent again by the job (capped).
        Signature.objects.filter(petition_id=petition_id, email_hmac=email_hmac).update(
            resend_requested=True, processed=False
        )


# --- The outbox job ----------------------------------------------------------------------------


_SCOPE_FIELD = {
    RateLimit.Scope.IP: "ip_hash",
    RateLimit.Scope.NETWORK: "net_hash",
    RateLimit.Scope.DOMAIN: "email_domain",
    RateLimit.Scope.COUNTRY: "country_id",
}


def _over_limit(rows: list[Signature], limits: list[RateLimit]) -> dict[int, str]:
    """Signature id -> the scope whose limit it exceeds, counting every earlier signature.

    One query per active limit for the whole batch, however many rows it has.
    """
    found: dict[int, str] = {}
    if not rows:
        return found
    for limit in limits:
        field_name = _SCOPE_FIELD[limit.scope]
        candidates = [
            r for r in rows if getattr(r, field_name) and (limit.petition_id in (None, r.petition_id))
        ]
        if not candidates:
            continue
        oldest = min(r.created_at for r in candidates) - timedelta(seconds=limit.period_seconds)
        keys = {getattr(r, field_name) for r in candidates}
        history: dict[tuple[int, Any], list[tuple[int, Any]]] = defaultdict(list)
        # Online signing is what the limits watch: approved paper batches never count against them.
        recent = Signature.objects.filter(
            petition_id__in={r.petition_id for r in candidates},
            channel=Channel.ONLINE,
            created_at__gte=oldest,
            **{f"{field_name}__in": keys},
        )
        if field_name in {"ip_hash", "net_hash"}:
            recent = recent.exclude(**{field_name: ""})  # matches the partial index
        recent = recent.values_list("petition_id", field_name, "id", "created_at")
        for petition_id, key, pk, created_at in recent.iterator(chunk_size=5000):
            history[(petition_id, key)].append((pk, created_at))
        for entries in history.values():
            entries.sort()
        for r in candidates:
            if r.pk in found:
                continue
            entries = history[(r.petition_id, getattr(r, field_name))]
            end = bisect.bisect_right(entries, (r.pk, r.created_at))
            since = r.created_at - timedelta(seconds=limit.period_seconds)
            seen = 0
            for _pk, created_at in reversed(entries[:end]):
                if created_at <= since:
                    break
                seen += 1
            if seen > limit.max_count:
                found[r.pk] = f"rate-{limit.scope}"
    return found


def _blocked_domain(domain: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(domain, pattern.lower()) for pattern in patterns)


class _SignerLinks:
    """The signer's links; each URL pattern is reversed once per language, not once per mail."""

    _HOLE = "0"  # a valid token, replaced by the real one

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, str], tuple[str, str]] = {}

    def _url(self, name: str, token: str) -> str:
        key = (translation.get_language() or "", name)
        if key not in self._patterns:
            head, _hole, tail = reverse(name, args=[self._HOLE]).rpartition(f"/{self._HOLE}/")
            self._patterns[key] = (settings.SITE_URL.rstrip("/") + head + "/", "/" + tail)
        head, tail = self._patterns[key]
        return head + token + tail

    def for_signature(self, signature: Signature, token: str | None = None) -> dict[str, str]:
        link = identity.signer_link_token(signature.pk, signature.email_hmac or "")
        remove = self._url("campaigns:signature-remove", link)
        links = {
            "remove_url": remove,
            "not_me_url": remove + "?not_me=1",
            "data_url": self._url("campaigns:signature-data", link),
        }
        if token:
            links["confirm_url"] = self._url("campaigns:signature-confirm", token)
        return links


class _MailMerge:
    """A plain-text mail rendered once per language and key, each signer's links filled in after.

    Rendering the template took most of the outbox job's time per signature; only the links
    differ between the signers of one petition in one language.
    """

    def __init__(self, template: str) -> None:
        self.template = template
        self.links = _SignerLinks()
        self._bodies: dict[tuple[str, Hashable], str] = {}

    def body(
        self, key: Hashable, context: dict[str, Any], signature: Signature, token: str | None = None
    ) -> str:
        links = self.links.for_signature(signature, token)
        cache_key = (translation.get_language() or "", key)
        if cache_key not in self._bodies:
            markers = {name: f"\x00{name}\x00" for name in links}
            self._bodies[cache_key] = render_to_string(self.template, {**context, **markers})
        body = self._bodies[cache_key]
        for name, value in links.items():
            body = body.replace(f"\x00{name}\x00", value)
        return body


def _confirmation_mail(signature: Signature, token: str, merge: _MailMerge) -> EmailMessage:
    with translation.override(signature.language):
        petition = signature.petition
        text = petition.text_for(signature.language)
        title = text.title if text else petition.slug
        subject = _("Please confirm your signature: %(title)s") % {"title": title}
        body = merge.body(petition.pk, {"title": title}, signature, token)
    return EmailMessage(subject=subject, body=body, to=[signature.email])


@dataclass
class ProcessResult:
    mailed: int = 0
    quarantined: int = 0
    skipped: int = 0

    @property
    def taken(self) -> int:
        return self.mailed + self.quarantined + self.skipped


OUTBOX_BATCH = 500


def outbox_rows(batch_size: int) -> QuerySet[Signature]:
    """The oldest unprocessed signatures, locked; rows another worker holds are skipped."""
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    return Signature.objects.select_for_update(**lock).filter(processed=False).order_by("pk")[:batch_size]


def signatures_process(*, batch_size: int = OUTBOX_BATCH) -> ProcessResult:
    """Take unprocessed signatures: rate checks, block rules, confirmation mails (at least once).

    Rows are locked with SKIP LOCKED where the database has it, so several workers can share the
    table; each batch commits after its mails are handed to the mail server.
    """
    result = ProcessResult()
    limits = list(RateLimit.objects.filter(is_active=True))
    blocked = list(
        BlockRule.objects.filter(kind=BlockRule.Kind.DOMAIN, is_active=True).values_list("pattern", flat=True)
    )
    with transaction.atomic():
        rows = list(outbox_rows(batch_size))
        if not rows:
            return result
        petitions = Petition.objects.prefetch_related("texts").in_bulk({r.petition_id for r in rows})
        fresh = [r for r in rows if not r.resend_requested or r.mails_sent == 0]
        over = _over_limit([r for r in fresh if r.status == Status.PENDING], limits)
        messages: list[EmailMessage] = []
        tokens: dict[int, str] = {}
        quarantined: dict[str, list[int]] = defaultdict(list)
        merge = _MailMerge("campaigns/email/confirm.txt")
        for row in rows:
            row.petition = petitions[row.petition_id]
            reason = over.get(row.pk) or (
                "blocked-domain"
                if row.status == Status.PENDING and _blocked_domain(row.email_domain, blocked)
                else ""
            )
            if reason:
                row.status, row.status_reason = Status.QUARANTINED, reason
                quarantined[reason].append(row.pk)
                result.quarantined += 1
            # Bots caught by the honeypot or the form clock get no mail: we are nobody's mail cannon.
            bot = row.status == Status.QUARANTINED and row.status_reason in {"honeypot", "form-clock"}
            wants_mail = row.status in {Status.PENDING, Status.QUARANTINED} and not bot and row.email
            if wants_mail and row.mails_sent < MAX_MAILS_PER_SIGNATURE:
                token, tokens[row.pk] = identity.new_token()
                messages.append(_confirmation_mail(row, token, merge))
                result.mailed += 1
            else:
                result.skipped += 1
        if messages:
            get_connection().send_messages(messages)
        # A few set-based statements instead of bulk_update's per-row CASE expressions; the rows
        # are locked, so nothing changes them in between.
        for reason, pks in quarantined.items():
            Signature.objects.filter(pk__in=pks).update(status=Status.QUARANTINED, status_reason=reason)
        if tokens:
            Signature.objects.filter(pk__in=tokens).update(
                token_expires_at=timezone.now() + TOKEN_LIFETIME, mails_sent=F("mails_sent") + 1
            )
            bulk.update_column(Signature, "token_hash", tokens)
        Signature.objects.filter(pk__in=[row.pk for row in rows]).update(
            processed=True, resend_requested=False
        )
    return result


# --- State changes that move counts --------------------------------------------------------------


def _delta_for(signature: Signature, delta: int) -> CountDelta:
    return CountDelta(
        petition_id=signature.petition_id,
        country_id=signature.country_id,
        channel=signature.channel,
        language=signature.language,
        delta=delta,
    )


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


def signature_for_token(token: str) -> Signature | None:
    if not token or len(token) > 100:
        return None
    return Signature.objects.select_related("petition").filter(token_hash=identity.token_hash(token)).first()


@transaction.atomic
def signature_confirm(*, token: str) -> str:
    """Confirm by the mailed token (a POST). Twice is harmless; quarantined rows stay uncounted."""
    found = signature_for_token(token)
    if found is None:
        return ConfirmOutcome.INVALID
    signature = Signature.objects.select_for_update().get(pk=found.pk)
    if signature.status in {Status.CONFIRMED} or signature.confirmed_at is not None:
        return ConfirmOutcome.ALREADY
    if signature.token_expires_at is None or signature.token_expires_at < timezone.now():
        return ConfirmOutcome.EXPIRED
    if signature.status not in {Status.PENDING, Status.QUARANTINED}:
        return ConfirmOutcome.INVALID
    signature.confirmed_at = timezone.now()
    if signature.status == Status.PENDING:
        signature.status = Status.CONFIRMED
        _delta_for(signature, +1).save()
    # A quarantined signer sees the same page: the signature is silently never counted.
    signature.save(update_fields=["status", "confirmed_at"])
    return ConfirmOutcome.CONFIRMED


def signature_from_link(token: str) -> Signature | None:
    """The signature a "remove" or "my data" link names, while its data still exists."""
    parsed = identity.read_signer_link_token(token)
    if parsed is None:
        return None
    pk, hmac_prefix = parsed
    signature = Signature.objects.select_related("petition", "country").filter(pk=pk).first()
    if signature is None or not signature.email_hmac or not signature.email_hmac.startswith(hmac_prefix):
        return None
    if signature.status == Status.REMOVED:
        return None
    return signature


_PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "email_hmac": None,
    "email_domain": "",
    "ip_hash": "",
    "net_hash": "",
    "token_hash": "",
    "token_expires_at": None,
}


@transaction.atomic
def signature_remove(*, signature: Signature, not_me: bool = False) -> None:
    """The signer withdraws: the row stays as a removed, personal-data-free record."""
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.status == Status.CONFIRMED:
        _delta_for(signature, -1).save()
    signature.status = Status.REMOVED
    signature.status_reason = "not-me" if not_me else "signer"
    for name, value in _PERSONAL_FIELDS.items():
        setattr(signature, name, value)
    signature.consent_news = signature.consent_share = False
    signature.anonymised = True
    signature.save()


def signature_data(signature: Signature) -> dict[str, Any]:
    """Everything we hold about a signer, for their own copy."""
    return {
        "petition": signature.petition.slug,
        "name": signature.name,
        "email": signature.email,
        "country": signature.country.iso2,
        "language": signature.language,
        "channel": signature.channel,
        "status": signature.status,
        "signed_at": signature.created_at.isoformat(),
        "confirmed_at": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
        "consents": {
            "count_my_signature": signature.consent_count,
            "keep_me_informed": signature.consent_news,
            "share_with_organisation": signature.consent_share,
            "consent_text_version": signature.consent_version,
        },
        "stored_about_your_connection": _("only a keyed hash of your IP address and its network"),
    }


# --- Counting --------------------------------------------------------------------------------------


def _fold_once(max_rows: int) -> tuple[int, set[int]]:
    with transaction.atomic():
        ids = list(CountDelta.objects.order_by("pk").values_list("pk", flat=True)[:max_rows])
        if not ids:
            return 0, set()
        last = ids[-1]
        # DELETE ... RETURNING: a second folder running at the same time gets nothing twice.
        table = CountDelta._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE id <= %s "  # noqa: S608 (table name is ours)
                "RETURNING petition_id, country_id, channel, language, delta",
                [last],
            )
            deleted = cursor.fetchall()
        sums: dict[tuple[int, int, str, str], int] = defaultdict(int)
        for petition_id, country_id, channel, language, delta in deleted:
            sums[(petition_id, country_id, channel, language)] += delta
        for (petition_id, country_id, channel, language), delta in sums.items():
            if delta == 0:
                continue
            shard, _created = CounterShard.objects.get_or_create(
                petition_id=petition_id, country_id=country_id, channel=channel, language=language
            )
            CounterShard.objects.filter(pk=shard.pk).update(
                count=F("count") + delta, updated_at=timezone.now()
            )
        return len(deleted), {key[0] for key in sums}


def counts_fold(*, max_rows: int = 50_000) -> int:
    """Fold every pending delta into the counters; returns how many deltas were folded."""
    total, touched = 0, set()
    while True:
        folded, petitions = _fold_once(max_rows)
        total += folded
        touched |= petitions
        if folded < max_rows:
            break
    for petition_id in touched:
        cache.delete(_counts_key(petition_id))
        milestones_check(petition_id)
    if touched:
        cache.delete("campaigns:total")
    return total


def _truth(petition_id: int) -> dict[tuple[int, str, str], int]:
    truth: dict[tuple[int, str, str], int] = defaultdict(int)
    confirmed = (
        Signature.objects.filter(petition_id=petition_id, status=COUNTED)
        .values_list("country_id", "channel", "language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for country_id, channel, language, n in confirmed:
        truth[(country_id, channel, language)] += n
    tallies = (
        PaperBatch.objects.filter(
            petition_id=petition_id, kind=PaperBatch.Kind.TALLY, state=PaperBatch.State.APPROVED
        )
        .values_list("country_id", "language")
        .annotate(n=Sum("tally"))
        .order_by()
    )
    for country_id, language, n in tallies:
        truth[(country_id, Channel.PAPER, language)] += n
    return truth


@dataclass
class Drift:
    petition: str
    key: tuple[int, str, str]
    counted: int
    actual: int


@dataclass
class RecountResult:
    checked: int = 0
    drift: list[Drift] = field(default_factory=list)


def counts_recount(*, fix: bool = True) -> RecountResult:
    """Compare counters (plus unfolded deltas) with the signatures; alert and repair on drift.

    Runs in one transaction so the comparison sees one consistent state (serialisable writes on
    SQLite, a repeatable-read snapshot on PostgreSQL).
    """
    result = RecountResult()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for petition in Petition.objects.order_by("pk"):
            counted: dict[tuple[int, str, str], int] = defaultdict(int)
            for country_id, channel, language, n in CounterShard.objects.filter(
                petition=petition
            ).values_list("country_id", "channel", "language", "count"):
                counted[(country_id, channel, language)] += n
            pending = (
                CountDelta.objects.filter(petition=petition)
                .values_list("country_id", "channel", "language")
                .annotate(n=Sum("delta"))
                .order_by()
            )
            for country_id, channel, language, n in pending:
                counted[(country_id, channel, language)] += n
            truth = _truth(petition.pk)
            result.checked += 1
            for key in set(counted) | set(truth):
                if counted.get(key, 0) != truth.get(key, 0):
                    result.drift.append(Drift(petition.slug, key, counted.get(key, 0), truth.get(key, 0)))
            if fix and any(d.petition == petition.slug for d in result.drift):
                _reset_counters(petition.pk, truth)
    if result.drift:
        lines = [f"{d.petition} {d.key}: counted {d.counted}, actual {d.actual}" for d in result.drift]
        logger.error(
            "campaigns: count drift found and %s:\n%s", "repaired" if fix else "left", "\n".join(lines)
        )
        mail_admins("Campaign count drift", "\n".join(lines))
    return result


def counters_rebuild(petition_id: int) -> None:
    """Set the counters of a petition from its rows (demo loading, repair)."""
    with transaction.atomic():
        _reset_counters(petition_id, _truth(petition_id))


def _reset_counters(petition_id: int, truth: dict[tuple[int, str, str], int]) -> None:
    CountDelta.objects.filter(petition_id=petition_id).delete()
    CounterShard.objects.filter(petition_id=petition_id).delete()
    CounterShard.objects.bulk_create(
        CounterShard(petition_id=petition_id, country_id=c, channel=ch, language=lang, count=n)
        for (c, ch, lang), n in truth.items()
        if n
    )
    cache.delete(_counts_key(petition_id))


# --- Reading counts --------------------------------------------------------------------------------


def _counts_key(petition_id: int) -> str:
    return f"campaigns:counts:{petition_id}"


def petition_counts(petition_id: int) -> dict[str, Any]:
    """Total, online and paper, and per country; from the counters, cached for a few seconds."""
    key = _counts_key(petition_id)
    counts = cache.get(key)
    if counts is None:
        counts = _petition_counts(petition_id)
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return counts


def _petition_counts(petition_id: int) -> dict[str, Any]:
    rows = (
        CounterShard.objects.filter(petition_id=petition_id)
        .values_list("country__iso2", "channel")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: {"online": 0, "paper": 0})
    for iso2, channel, n in rows:
        by_country[iso2][channel] += int(n)
    online = sum(c["online"] for c in by_country.values())
    paper = sum(c["paper"] for c in by_country.values())
    countries = [
        {"country": iso2, "online": c["online"], "paper": c["paper"], "total": c["online"] + c["paper"]}
        for iso2, c in sorted(by_country.items(), key=lambda item: -(item[1]["online"] + item[1]["paper"]))
        if c["online"] + c["paper"]
    ]
    return {
        "online": online,
        "paper": paper,
        "total": online + paper,
        "countries": countries,
        "as_of": timezone.now().isoformat(),
    }


@dataclass(frozen=True)
class SigningPetition:
    pk: int
    is_open: bool
    consent_version: str


def signing_petition(slug: str) -> SigningPetition | None:
    """What the sign path needs of a public petition, cached for a few seconds (no query warm)."""
    key = f"campaigns:signing:{slug}"
    found = cache.get(key)
    if found is None:
        row = (
            Petition.objects.public()
            .filter(slug=slug)
            .values_list("pk", "is_open", "consent_version")
            .first()
        )
        found = SigningPetition(*row) if row else False
        cache.set(key, found, COUNTS_CACHE_SECONDS)
    return found or None


def public_petition_id(slug: str) -> int | None:
    """The id of a petition of a public campaign, cached like the counts (no query when warm)."""
    key = f"campaigns:petition-id:{slug}"
    found = cache.get(key)
    if found is None:
        found = Petition.objects.public().filter(slug=slug).values_list("pk", flat=True).first() or 0
        cache.set(key, found, 60)
    return found or None


def total_signatures() -> int:
    total = cache.get("campaigns:total")
    if total is None:
        total = (
            CounterShard.objects.filter(petition__campaign__status__in=["open", "closed"]).aggregate(
                n=Sum("count")
            )["n"]
            or 0
        )
        cache.set("campaigns:total", total, COUNTS_CACHE_SECONDS)
    return int(total)


def counts_by_date(petition_id: int, country_id: int) -> list[tuple[Any, int, int]]:
    """(date, online, paper) of counted signatures of one country, for handover packs."""
    from django.db.models.functions import TruncDate

    online = dict(
        Signature.objects.filter(petition_id=petition_id, country_id=country_id, status=COUNTED)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
        .filter(channel=Channel.ONLINE)
        .values_list("day", "n")
    )
    paper: dict[Any, int] = defaultdict(int)
    for day, n in (
        Signature.objects.filter(
            petition_id=petition_id, country_id=country_id, status=COUNTED, channel="paper"
        )
        .values_list("batch__collected_on")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        paper[day] += n
    for day, n in PaperBatch.objects.filter(
        petition_id=petition_id, country_id=country_id, kind="tally", state="approved"
    ).values_list("collected_on", "tally"):
        paper[day] += n
    days = sorted(set(online) | set(paper))
    return [(day, online.get(day, 0), paper.get(day, 0)) for day in days]


# --- Milestones ------------------------------------------------------------------------------------


def milestones_check(petition_id: int) -> list[Milestone]:
    """Mark milestones reached by the folded counts and send their mails (as a task)."""
    from .tasks import milestone_notify

    counts = _petition_counts(petition_id)
    per_country = {c["country"]: c["total"] for c in counts["countries"]}
    reached = []
    for milestone in Milestone.objects.filter(
        petition_id=petition_id, reached_at__isnull=True
    ).select_related("chapter__country"):
        value = per_country.get(milestone.chapter.country.iso2, 0) if milestone.chapter else counts["total"]
        if value >= milestone.threshold:
            updated = Milestone.objects.filter(pk=milestone.pk, reached_at__isnull=True).update(
                reached_at=timezone.now()
            )
            if updated:
                reached.append(milestone)
                transaction.on_commit(lambda pk=milestone.pk: milestone_notify.enqueue(pk))
    return reached


def milestone_mail(milestone_id: int) -> int:
    """Mail the organisers, and the signers who asked to be kept informed; returns mails sent."""
    milestone = Milestone.objects.select_related("petition__campaign", "chapter__country").get(
        pk=milestone_id
    )
    petition = milestone.petition
    campaign = petition.campaign
    organisations = [campaign.owner_id] + (
        [milestone.chapter.lead_id] if milestone.chapter and milestone.chapter.lead_id else []
    )
    organisers = list(
        Membership.objects.filter(organisation_id__in=organisations, role__in=["owner", "admin"])
        .values_list("user__email", flat=True)
        .distinct()
    )
    sent = 0
    connection_ = get_connection()
    context = {"milestone": milestone, "petition": petition, "campaign": campaign}
    if organisers:
        subject = _("Milestone reached: %(threshold)s signatures") % {"threshold": milestone.threshold}
        body = render_to_string("campaigns/email/milestone.txt", {**context, "organiser": True})
        connection_.send_messages(
            [EmailMessage(subject=subject, body=body, to=[email]) for email in organisers]
        )
        sent += len(organisers)
    signers = Signature.objects.filter(petition=petition, status=COUNTED, consent_news=True).exclude(email="")
    if milestone.chapter:
        signers = signers.filter(country_id=milestone.chapter.country_id)
    batch: list[EmailMessage] = []
    merge = _MailMerge("campaigns/email/milestone.txt")
    for signature in signers.only("pk", "email", "email_hmac", "language", "petition_id").iterator(
        chunk_size=2000
    ):
        with translation.override(signature.language):
            subject = _("Milestone reached: %(threshold)s signatures") % {"threshold": milestone.threshold}
            body = merge.body(milestone.pk, {**context, "organiser": False}, signature)
        batch.append(EmailMessage(subject=subject, body=body, to=[signature.email]))
        if len(batch) >= 500:
            connection_.send_messages(batch)
            sent += len(batch)
            batch = []
    if batch:
        connection_.send_messages(batch)
        sent += len(batch)
    return sent


# --- Abuse: trending, population share, bulk invalidation -----------------------------------------


@dataclass(frozen=True)
class Trend:
    kind: str
    key: str
    count: int


def trending(petition_id: int, *, hours: int = 1, threshold: int = 50) -> list[Trend]:
    """IP hashes and email domains with more than ``threshold`` signatures in the last hours."""
    since = timezone.now() - timedelta(hours=hours)
    recent = Signature.objects.filter(petition_id=petition_id, created_at__gte=since, channel=Channel.ONLINE)
    trends = []
    for kind, field_name in (("ip", "ip_hash"), ("domain", "email_domain")):
        rows = (
            recent.exclude(**{field_name: ""})
            .values_list(field_name)
            .annotate(n=Count("pk"))
            .filter(n__gt=threshold)
            .order_by("-n")[:20]
        )
        trends += [Trend(kind, key, n) for key, n in rows]
    return trends


def trending_alert(
    *, hours: int = 1, threshold: int = 50, notify_above: int = 200
) -> list[tuple[str, Trend]]:
    found = []
    for petition in Petition.objects.filter(is_open=True):
        for trend in trending(petition.pk, hours=hours, threshold=threshold):
            found.append((petition.slug, trend))
            logger.warning(
                "campaigns: trending %s %s on %s: %s", trend.kind, trend.key, petition.slug, trend.count
            )
    loud = [f"{slug}: {t.kind} {t.key} {t.count}" for slug, t in found if t.count > notify_above]
    if loud:
        mail_admins("Campaign signatures trending", "\n".join(loud))
    return found


@dataclass(frozen=True)
class ShareAlarm:
    iso2: str
    signatures: int
    share: float
    population_share: float
    ratio: float


def country_share_alarms(
    petition_id: int, *, factor: float = 10.0, min_signatures: int = 100
) -> list[ShareAlarm]:
    """Countries whose share of signatures is ``factor`` times their share of population."""
    from .population import population

    counts = petition_counts(petition_id)
    populations = population()
    known = [c for c in counts["countries"] if c["country"] in populations]
    total = sum(c["total"] for c in known)
    world = sum(populations[c["country"]] for c in known) or 1
    alarms = []
    for c in known:
        if c["total"] < min_signatures or not total:
            continue
        share = c["total"] / total
        population_share = populations[c["country"]] / world
        ratio = share / population_share if population_share else float("inf")
        if ratio >= factor:
            alarms.append(ShareAlarm(c["country"], c["total"], share, population_share, ratio))
    return alarms


INVALIDATABLE = [Status.PENDING, Status.CONFIRMED, Status.QUARANTINED]


def invalidation_queryset(petition: Petition, conditions: dict[str, Any]) -> Any:
    """Signatures that match the conditions (country, domain, IP, name, dates, status)."""
    qs = Signature.objects.filter(petition=petition, status__in=INVALIDATABLE, invalidation__isnull=True)
    if conditions.get("country"):
        qs = qs.filter(country__iso2=conditions["country"].upper())
    if conditions.get("email_domain"):
        qs = qs.filter(email_domain=conditions["email_domain"].lower())
    if conditions.get("ip_hash"):
        qs = qs.filter(ip_hash=conditions["ip_hash"])
    if conditions.get("name_contains"):
        qs = qs.filter(name__icontains=conditions["name_contains"])
    if conditions.get("created_after"):
        qs = qs.filter(created_at__gte=conditions["created_after"])
    if conditions.get("created_before"):
        qs = qs.filter(created_at__lt=conditions["created_before"])
    if conditions.get("status"):
        qs = qs.filter(status=conditions["status"])
    return qs


def invalidation_create(
    *, petition: Petition, conditions: dict[str, Any], reason: str, actor: Any
) -> Invalidation:
    """Record the invalidation and run it as a task (progress is visible on its page)."""
    from .tasks import invalidation_run_task

    invalidation = Invalidation.objects.create(
        petition=petition,
        conditions=conditions,
        reason=reason,
        created_by=actor,
        matched=invalidation_queryset(petition, conditions).count(),
    )
    transaction.on_commit(lambda: invalidation_run_task.enqueue(invalidation.pk))
    return invalidation


def _deltas_for_rows(rows: Iterable[tuple[int, int, str, str]], sign: int) -> list[CountDelta]:
    sums: dict[tuple[int, int, str, str], int] = defaultdict(int)
    for key in rows:
        sums[key] += sign
    return [
        CountDelta(petition_id=p, country_id=c, channel=ch, language=lang, delta=n)
        for (p, c, ch, lang), n in sums.items()
        if n
    ]


def invalidation_run(invalidation_id: int, *, chunk: int = 2000) -> Invalidation:
    """Invalidate matching signatures chunk by chunk; each chunk is one transaction."""
    invalidation = Invalidation.objects.select_related("petition").get(pk=invalidation_id)
    while invalidation.state == Invalidation.State.RUNNING:
        with transaction.atomic():
            ids = list(
                invalidation_queryset(invalidation.petition, invalidation.conditions)
                .select_for_update()
                .order_by("pk")
                .values_list("pk", flat=True)[:chunk]
            )
            if not ids:
                Invalidation.objects.filter(pk=invalidation.pk).update(state=Invalidation.State.DONE)
                invalidation.state = Invalidation.State.DONE
                break
            rows = Signature.objects.filter(pk__in=ids, status=COUNTED).values_list(
                "petition_id", "country_id", "channel", "language"
            )
            CountDelta.objects.bulk_create(_deltas_for_rows(rows, -1))
            Signature.objects.filter(pk__in=ids).update(
                previous_status=F("status"), status=Status.INVALIDATED, invalidation=invalidation
            )
            Invalidation.objects.filter(pk=invalidation.pk).update(processed=F("processed") + len(ids))
    invalidation.refresh_from_db()
    return invalidation


@transaction.atomic
def invalidation_undo(*, invalidation: Invalidation, actor: Any) -> int:
    """Put every signature back in the state it had; counts follow."""
    invalidation = Invalidation.objects.select_for_update().get(pk=invalidation.pk)
    if invalidation.state == Invalidation.State.UNDONE:
        return 0
    affected = Signature.objects.select_for_update().filter(
        invalidation=invalidation, status=Status.INVALIDATED
    )
    rows = affected.filter(previous_status=COUNTED).values_list(
        "petition_id", "country_id", "channel", "language"
    )
    CountDelta.objects.bulk_create(_deltas_for_rows(rows, +1))
    restored = affected.update(status=F("previous_status"), previous_status="", invalidation=None)
    invalidation.state = Invalidation.State.UNDONE
    invalidation.undone_by, invalidation.undone_at = actor, timezone.now()
    invalidation.save(update_fields=["state", "undone_by", "undone_at"])
    return restored


# --- Privacy -----------------------------------------------------------------------------------------


def campaign_retention_due(campaign: Campaign) -> Any:
    """The day the signers' data of ``campaign`` is anonymised: retention after the last handover."""
    last = Handover.objects.filter(chapter__campaign=campaign).order_by("-handed_over_on").first()
    if last is None:
        return None
    return last.handed_over_on + timedelta(days=campaign.retention_days)


def campaign_anonymise(*, campaign: Campaign, chunk: int = 5000) -> int:
    """Remove every trace of signers' email and name; statuses and counts stay.

    Works in chunks, each one transaction, so a killed run resumes where it stopped.
    """
    done = 0
    while True:
        with transaction.atomic():
            ids = list(
                Signature.objects.filter(petition__campaign=campaign, anonymised=False)
                .order_by("pk")
                .values_list("pk", flat=True)[:chunk]
            )
            if not ids:
                break
            Signature.objects.filter(pk__in=ids).update(
                anonymised=True, consent_news=False, consent_share=False, **_PERSONAL_FIELDS
            )
            done += len(ids)
    Campaign.objects.filter(pk=campaign.pk).update(anonymised_at=timezone.now())
    # Conditions of bulk invalidations may name a person.
    for invalidation in Invalidation.objects.filter(
        petition__campaign=campaign, conditions__has_key="name_contains"
    ):
        invalidation.conditions["name_contains"] = "(anonymised)"
        invalidation.save(update_fields=["conditions"])
    # The stored source files of keyed paper batches hold names and emails too.
    from django.core.files.storage import default_storage

    for batch in PaperBatch.objects.filter(petition__campaign=campaign).exclude(source_path=""):
        if default_storage.exists(batch.source_path):
            default_storage.delete(batch.source_path)
    PaperBatch.objects.filter(petition__campaign=campaign).update(source_path="")
    return done


def anonymise_due(*, today: Any = None) -> list[tuple[str, int]]:
    today = today or timezone.localdate()
    done = []
    for campaign in Campaign.objects.filter(anonymised_at__isnull=True):
        due = campaign_retention_due(campaign)
        if due is not None and due <= today:
            done.append((campaign.slug, campaign_anonymise(campaign=campaign)))
    return done


# --- Handover ---------------------------------------------------------------------------------------


def handover_record(*, chapter: Any, target: Any, data: dict[str, Any], actor: Any) -> Handover:
    return Handover.objects.create(chapter=chapter, target=target, recorded_by=actor, **data)


def handover_rows(petition_id: int, country_id: int) -> Iterator[list[Any]]:
    """Counted signatures of one country for a handover CSV: name, date, channel; never emails."""
    rows = (
        Signature.objects.filter(petition_id=petition_id, country_id=country_id, status=COUNTED)
        .order_by("pk")
        .values_list("pk", "name", "created_at", "channel", "language")
    )
    for pk, name, created_at, channel, language in rows.iterator(chunk_size=5000):
        yield [pk, name or _("(anonymised)"), created_at.date().isoformat(), channel, language]


def loop(step: Any, *, interval: float, stop_after: float | None = None) -> None:
    """Run ``step`` every ``interval`` seconds (for the ``--loop`` mode of the commands)."""
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        began = time.monotonic()
        step()
        time.sleep(max(0.0, interval - (time.monotonic() - began)))
