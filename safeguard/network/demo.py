"""Demo data of the network: a member record for each of the 81 demo member organisations, in
every status, with dues (some in arrears), obligations (some overdue), contacts, documents,
support requests (some open) and applications at each step of the review.

Deterministic (one seeded random generator), idempotent (returns at once when it ran before),
and fast (bulk inserts).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Membership, Organisation
from safeguard.countries.models import Country

from . import services
from .models import (
    Application,
    ApplicationEvent,
    Contact,
    CountryCoverage,
    Dues,
    MemberDocument,
    MemberRecord,
    MembershipCategory,
    Obligation,
    StandingOverride,
    Status,
    StatusChange,
    SupportMessage,
    SupportRequest,
)

SEED = 2026
DOMAIN = "demo.example.org"
# Demo applications have stable references, so their pages have stable addresses.
APPLICATION_NAMESPACE = uuid.UUID("6f1c1d5e-2b7a-4c1e-9a51-0d3c8f6b2a10")


def application_reference(name: str) -> uuid.UUID:
    return uuid.uuid5(APPLICATION_NAMESPACE, name)


# A valid one-page PDF, small enough to write for every demo document.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# How many members end in each status (the rest are full members).
STATUS_PLAN = [
    (Status.PROVISIONAL, 8),
    (Status.ARREARS, 5),
    (Status.SUSPENDED, 3),
    (Status.WITHDRAWN, 2),
    (Status.EXPELLED, 1),
    (Status.APPLICANT, 1),
]
SECONDARY_COUNTRIES = "BT MV LA MM SL LR ML NE TD CF HT PY VE BY MD".split()  # noqa: SIM905
SUPPORT_SUBJECTS = [
    ("safeguarding", "Reviewing our safeguarding policy"),
    ("monitoring", "Help with the country monitoring questionnaire"),
    ("advocacy", "Materials for a national campaign"),
    ("tourism", "Onboarding hotels to The Code"),
    ("online", "Working with a national hotline"),
    ("governance", "Preparing audited accounts"),
]
APPLICANTS = [
    ("Child Rights Forum Bhutan", "BT", Application.Step.SUBMITTED),
    ("Safe Childhood Myanmar", "MM", Application.Step.DUE_DILIGENCE),
    ("Protect Children Paraguay", "PY", Application.Step.CONSULTATION),
    ("Children First Moldova", "MD", Application.Step.RECOMMENDATION),
    ("Youth Shield Laos", "LA", Application.Step.REJECTED),
]


def load() -> list:
    """Create the network's demo data once; a second run changes nothing."""
    if MemberRecord.objects.filter(organisation__is_demo=True).exists():
        return []
    with transaction.atomic():
        _load()
    return []


def _history(status: str, since: date, today: date) -> list[tuple[str, str, date]]:
    """A plausible path through the transition table to ``status``: (from, to, effective on)."""
    path = [("", Status.PROVISIONAL, since)]
    if status == Status.PROVISIONAL:
        return path
    if status == Status.APPLICANT:
        return [("", Status.APPLICANT, today - timedelta(days=40))]
    full_on = min(since + timedelta(days=365), today - timedelta(days=200))
    path.append((Status.PROVISIONAL, Status.FULL, full_on))
    if status != Status.FULL:
        path.append((Status.FULL, status, today - timedelta(days=60)))
    return path


def _load() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo, not security)
    today = timezone.localdate()
    national = MembershipCategory.objects.get(slug="national")
    affiliate = MembershipCategory.objects.get(slug="affiliate")
    orgs = list(
        Organisation.objects.filter(is_demo=True, kind=Organisation.Kind.MEMBER)
        .select_related("country__sub_region")
        .order_by("pk")
    )
    secretariat_staff = Membership.objects.filter(
        organisation__kind=Organisation.Kind.SECRETARIAT,
        organisation__is_demo=True,
        role__in=["owner", "editor"],
    ).select_related("user")
    staff_users = [m.user for m in secretariat_staff]
    author = staff_users[0] if staff_users else None

    statuses = [Status.FULL] * len(orgs)
    # The first organisation (the demo personas') stays a full member in good standing.
    slots = list(range(1, len(orgs)))
    rng.shuffle(slots)
    for status, count in STATUS_PLAN:
        for _ in range(count):
            statuses[slots.pop()] = status

    records = []
    for org, status in zip(orgs, statuses, strict=True):
        since = today - timedelta(days=rng.randint(400, 9000))
        records.append(
            MemberRecord(
                organisation=org,
                category=affiliate if "(affiliate)" in org.name else national,
                region=services.region_for_country(org.country),
                status=status,
                member_since=None if status == Status.APPLICANT else since,
                registration_number=f"REG-{org.country.iso2}-{rng.randint(1000, 9999)}",
                annual_budget_eur=rng.choice([40_000, 150_000, 600_000, 2_500_000]),
            )
        )
    MemberRecord.objects.bulk_create(records)
    records = list(
        MemberRecord.objects.filter(organisation__in=orgs).select_related("organisation__country", "category")
    )
    records.sort(key=lambda r: r.organisation_id)

    changes, coverage, dues, obligations, contacts = [], [], [], [], []
    secondary = {c.iso2: c for c in Country.objects.filter(iso2__in=SECONDARY_COUNTRIES)}
    bands = {}
    for record in records:
        since = record.member_since or today - timedelta(days=40)
        for old, new, on in _history(record.status, since, today):
            changes.append(
                StatusChange(
                    record=record,
                    from_status=old,
                    to_status=new,
                    effective_on=on,
                    reason="Demo history.",
                    changed_by=author,
                )
            )
        coverage.append(
            CountryCoverage(
                record=record, country=record.organisation.country, role="primary", start_date=since
            )
        )
        if record.status == Status.APPLICANT:
            continue
        band = bands.setdefault(record.pk, services.band_for(record))
        for year in (today.year - 1, today.year):
            if band is None:
                break
            due_on = date(year, 3, 31)
            # Members in arrears or suspended owe last year's dues; everyone else has paid up to
            # this year's due date (and this year's too once it has passed).
            late = record.status in (Status.ARREARS, Status.SUSPENDED)
            paid = not late and (year < today.year or date(year, 3, 31) < today)
            dues.append(
                Dues(
                    record=record,
                    year=year,
                    band=band,
                    amount=band.amount,
                    currency=band.currency,
                    due_on=due_on,
                    grace_ends_on=due_on + timedelta(days=record.category.grace_days),
                    state=Dues.State.PAID if paid else Dues.State.DUE,
                    paid_on=due_on - timedelta(days=rng.randint(0, 60)) if paid else None,
                )
            )
            for kind, (month, day) in services.OBLIGATION_SCHEDULE.items():
                ob_due = date(year, month, day)
                overdue = record is not records[0] and rng.random() < 0.12 and ob_due < today
                met = ob_due < today and not overdue
                obligations.append(
                    Obligation(
                        record=record,
                        kind=kind,
                        due_on=ob_due,
                        grace_ends_on=ob_due + timedelta(days=record.category.grace_days),
                        met_on=ob_due - timedelta(days=rng.randint(0, 30)) if met else None,
                    )
                )
        slug = record.organisation.slug[:30]
        for role, label in (
            (Contact.Role.EXECUTIVE_DIRECTOR, "Director"),
            (Contact.Role.DELEGATE, "Delegate"),
        ):
            contacts.append(
                Contact(
                    organisation=record.organisation,
                    name=f"{label} {record.organisation.country.name_en}",
                    email=f"{role}.{slug}@{DOMAIN}",
                    role=role,
                    start_date=since,
                )
            )
    for record, iso2 in zip(rng.sample(records[1:], len(secondary)), sorted(secondary), strict=False):
        if record.status != Status.APPLICANT:
            coverage.append(
                CountryCoverage(
                    record=record,
                    country=secondary[iso2],
                    role="secondary",
                    start_date=today - timedelta(days=700),
                )
            )
    StatusChange.objects.bulk_create(changes)
    CountryCoverage.objects.bulk_create(coverage)
    Dues.objects.bulk_create(dues)
    Obligation.objects.bulk_create(obligations)
    Contact.objects.bulk_create(contacts)

    first = records[0]
    # A hardship override for one member in arrears (shows the override in the history).
    arrears = next(r for r in records if r.status == Status.ARREARS)
    if author is not None:
        StandingOverride.objects.create(
            record=arrears,
            good_standing=True,
            reason="Hardship: payment plan agreed with the Secretariat.",
            author=author,
            expires_on=today + timedelta(days=120),
        )
    for kind, visibility in (("statutes", "public"), ("safeguarding_policy", "private")):
        document = MemberDocument(
            organisation=first.organisation,
            kind=kind,
            title=str(MemberDocument.Kind(kind).label).capitalize(),
            visibility=visibility,
            sha256="demo",
            uploaded_by=author,
            valid_from=first.member_since or today,
        )
        document.file.save("document.pdf", ContentFile(DEMO_PDF), save=True)

    _support(rng, records, staff_users, today)
    _applications(rng, today, national, affiliate, author)


def _support(rng: random.Random, records: list[MemberRecord], staff_users: list, today: date) -> None:
    askers = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(
            organisation__in=[r.organisation for r in records], role__in=["editor"]
        )
        .select_related("user")
        .order_by("pk")
    }
    now = timezone.now()
    chosen = [records[0], *rng.sample(records[1:], 23)]
    requests = []
    for n, record in enumerate(chosen):
        topic, subject = SUPPORT_SUBJECTS[n % len(SUPPORT_SUBJECTS)]
        created = now - timedelta(days=rng.randint(5, 300), hours=rng.randint(0, 23))
        resolved = n % 3 == 2
        requests.append(
            SupportRequest(
                organisation=record.organisation,
                topic=topic,
                subject=subject,
                description="We would welcome the Secretariat's advice on this.",
                priority=rng.choice(["low", "normal", "high"]),
                state="resolved" if resolved else ("triaged" if n % 3 == 1 else "new"),
                assigned_to=staff_users[n % len(staff_users)] if staff_users and n % 3 else None,
                created_by=askers.get(record.organisation_id),
                created_at=created,
                resolved_at=created + timedelta(days=rng.randint(1, 40)) if resolved else None,
            )
        )
    SupportRequest.objects.bulk_create(requests)
    messages = []
    for support in SupportRequest.objects.filter(organisation__in=[r.organisation for r in chosen]).order_by(
        "pk"
    ):
        messages.append(
            SupportMessage(
                request=support,
                author=support.created_by,
                body=support.description,
                created_at=support.created_at,
            )
        )
        if support.state != "new" and staff_users:
            messages.append(
                SupportMessage(
                    request=support,
                    author=staff_users[0],
                    body="Thank you, we are looking into it.",
                    created_at=support.created_at + timedelta(hours=6),
                )
            )
    SupportMessage.objects.bulk_create(messages)


def _applications(
    rng: random.Random,
    today: date,
    national: MembershipCategory,
    affiliate: MembershipCategory,
    author: object,
) -> None:
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=[a[1] for a in APPLICANTS])}
    order = list(Application.Step.values)
    for n, (name, iso2, step) in enumerate(APPLICANTS):
        application = Application(
            reference=application_reference(name),
            step=step,
            name=name,
            country=countries[iso2],
            category=national if n % 2 == 0 else affiliate,
            description="We protect children from sexual exploitation through prevention and care.",
            contact_name=f"Applicant {n + 1}",
            contact_email=f"applicant{n + 1}@{DOMAIN}",
            language=["en", "fr", "es"][n % 3],
            submitted_at=timezone.now() - timedelta(days=60 - n * 10),
            dd_registration=n >= 2,
            dd_statutes=n >= 2,
            dd_policy=n >= 2,
            dd_references=n >= 2,
            consultation_notes="Members of the region support the application." if n >= 3 else "",
            recommendation="reject" if step == Application.Step.REJECTED else ("admit" if n == 3 else ""),
            decision_reasons="The organisation has no safeguarding policy in force yet."
            if step == "rejected"
            else "",
            decided_at=timezone.now() - timedelta(days=5) if step == "rejected" else None,
        )
        application.statutes.save("statutes.pdf", ContentFile(DEMO_PDF), save=False)
        application.safeguarding_policy.save("policy.pdf", ContentFile(DEMO_PDF), save=False)
        application.save()
        last = order.index(step) if step != Application.Step.REJECTED else len(order) - 1
        steps = [s for s in order[: last + 1] if s != Application.Step.ADMITTED]
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(
                application=application,
                step=s,
                actor=author if i else None,
                created_at=application.submitted_at + timedelta(days=i * 5),
            )
            for i, s in enumerate(steps)
        )
