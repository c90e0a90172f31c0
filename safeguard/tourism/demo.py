"""The Code's demo: about 1,300 signatories across 42 countries in every lifecycle state, Local
Code Representatives (with gaps), reports accepted, returned, in review and overdue, and the
demo company "blue-lagoon-tours" as an active member with a report in progress.

Deterministic (``random.Random(SEED)``; dates relative to the day it runs), idempotent (returns
early when its demo exists) and built with ``bulk_create``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from safeguard.accounts.demo import DOMAIN, DemoLogin, _user
from safeguard.accounts.models import Membership, Organisation
from safeguard.countries.models import Country

from . import services
from .criteria import rules
from .models import (
    Agreement,
    AnnualReport,
    Answer,
    Appeal,
    Certificate,
    Criterion,
    FeeBand,
    Invoice,
    Owner,
    PlanItem,
    Recognition,
    ReportStatus,
    Representative,
    Sector,
    Signatory,
    State,
    Transition,
)

SEED = 2026
LCR_EMAIL = f"lcr@{DOMAIN}"
COUNTRIES = (  # noqa: SIM905
    "TH KH VN PH ID MY LK NP IN JP AU NZ FR DE NL GB IT ES PT GR SE NO CH AT BE IE US CA MX CR BR PE CO "
    "AR CL DO KE TZ ZA MA GM SN"
).split()
# Countries with members whose network member is not (yet) a Local Code Representative.
WITHOUT_REPRESENTATIVE = {"ES", "PT", "GR", "JP", "AR", "MA"}
STATES = (
    [State.ACTIVE] * 1040
    + [State.SUSPENDED] * 45
    + [State.LAPSED] * 30
    + [State.APPLIED] * 40
    + [State.PLANNING] * 40
    + [State.PLAN_SUBMITTED] * 30
    + [State.PLAN_APPROVED] * 20
    + [State.INVOICED] * 25
    + [State.PAID] * 15
    + [State.SIGNED] * 2
    + [State.REFUSED] * 13
)
PATH = [
    State.APPLIED,
    State.PLANNING,
    State.PLAN_SUBMITTED,
    State.PLAN_APPROVED,
    State.INVOICED,
    State.PAID,
    State.SIGNED,
    State.ACTIVE,
]
OWNERS = {
    State.APPLIED: Owner.MANAGER,
    State.PLANNING: Owner.COMPANY,
    State.PLAN_SUBMITTED: Owner.MANAGER,
    State.PLAN_APPROVED: Owner.FINANCE,
    State.INVOICED: Owner.COMPANY,
    State.PAID: Owner.COMPANY,
    State.SIGNED: Owner.MANAGER,
}
FIRST = (
    "Blue",
    "Coral",
    "Golden",
    "Green",
    "Silver",
    "Sunrise",
    "Palm",
    "Lotus",
    "River",
    "Mountain",
    "Ocean",
    "Island",
    "Sky",
    "Jade",
    "Amber",
    "Cedar",
    "Harbour",
    "Lagoon",
    "Savanna",
    "Desert",
    "Forest",
    "Meridian",
)
SECOND = (
    "Bay",
    "Coast",
    "Valley",
    "Peak",
    "Trail",
    "Horizon",
    "Compass",
    "Garden",
    "Star",
    "Sands",
    "Gate",
    "Bridge",
    "Point",
    "Wave",
    "Reef",
    "Crest",
)
KIND = {
    Sector.TOUR_OPERATOR: "Tours",
    Sector.ACCOMMODATION: "Hotels",
    Sector.TRAVEL_AGENCY: "Travel",
    Sector.AIRLINE: "Air",
    Sector.TRANSPORT: "Transfers",
    Sector.VOLUNTOURISM: "Volunteers",
    Sector.TECHNOLOGY: "Booking",
    Sector.BUSINESS_TRAVEL: "Business Travel",
    Sector.OTHER: "Experiences",
}
SECTOR_WEIGHTS = [30, 30, 15, 3, 6, 3, 4, 5, 4]
CITIES = {
    "TH": ["Bangkok", "Chiang Mai", "Phuket", "Krabi"],
    "KE": ["Nairobi", "Mombasa"],
    "FR": ["Paris", "Lyon"],
}


def _date(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def blue_lagoon_member_since(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return datetime.date(today.year - 2, 1, 15)


def blue_lagoon_report_year(today: datetime.date | None = None) -> int:
    """The year of blue-lagoon-tours' report in progress (its next anniversary)."""
    today = today or timezone.localdate()
    return services._next_anniversary(blue_lagoon_member_since(today), today).year


def load_demo() -> list[DemoLogin]:
    if Signatory.objects.filter(slug="blue-lagoon-tours").exists():
        return [DemoLogin(LCR_EMAIL, "Local Code Representative (Thailand)", False)]
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo, not security)
    today = timezone.localdate()
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=COUNTRIES)}
    bands = list(FeeBand.objects.all())
    criteria = list(services.current_version().criteria.filter(module=Criterion.Module.CORE))
    version = services.current_version()
    grace = rules()["grace_days"]

    _representatives(countries)
    lcr = _user(LCR_EMAIL, "Local Code Representative")
    thai_member = Organisation.objects.filter(kind="member", country=countries["TH"], is_demo=True).first()
    Membership.objects.create(user=lcr, organisation=thai_member, role="editor")

    # Signatories (the first is the demo company).
    states = list(STATES)
    rng.shuffle(states)
    states[0] = State.ACTIVE
    iso_list = sorted(countries)
    signatories: list[Signatory] = []
    used: set[str] = set()
    for n, state in enumerate(states):
        iso2 = "TH" if n == 0 or n % 9 == 0 else rng.choice(iso_list)
        sector = rng.choices(list(Sector.values), weights=SECTOR_WEIGHTS)[0]
        if n == 0:
            name, sector = "Blue Lagoon Tours", Sector.TOUR_OPERATOR
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {KIND[sector]}"
            if slugify(name) in used:
                name = f"{name} {countries[iso2].name_en}"
            if slugify(name) in used:
                name = f"{name} {n}"
        used.add(slugify(name))
        since = blue_lagoon_member_since(today) if n == 0 else _date(today, rng.randint(400, 3000))
        signatories.append(
            Signatory(
                name=name,
                slug="blue-lagoon-tours" if n == 0 else slugify(name)[:80],
                country=countries[iso2],
                city=rng.choice(CITIES.get(iso2, [""])),
                contact_name=f"Contact {n}",
                contact_email=f"contact{n}@{DOMAIN}",
                sector=sector,
                fee_band=rng.choice(bands),
                properties=rng.choice([1, 1, 1, 3, 12, 40]) if sector == Sector.ACCOMMODATION else 1,
                voluntourism=sector == Sector.VOLUNTOURISM,
                listed=rng.random() > 0.08 or n == 0,
                state=state,
                owner=OWNERS.get(
                    state, Owner.COMPANY if state in (State.ACTIVE, State.SUSPENDED) else Owner.NONE
                ),
                due_on=today + datetime.timedelta(days=rng.randint(-20, 40)) if state in OWNERS else None,
                member_since=since if state in (State.ACTIVE, State.SUSPENDED, State.LAPSED) else None,
                recognition=Recognition.MEMBER if state == State.ACTIVE else "",
                missed_reports=1 if state == State.SUSPENDED else 0,
                applied_at=timezone.now() - datetime.timedelta(days=rng.randint(5, 120)),
            )
        )
    # Accounts: every signatory past the application has its organisation.
    blue = Organisation.objects.get(slug="blue-lagoon-tours")
    orgs = [
        Organisation(name=s.name, slug=s.slug, kind="company", country=s.country, city=s.city, is_demo=True)
        for s in signatories[1:]
        if s.state not in (State.APPLIED, State.REFUSED)
    ]
    Organisation.objects.bulk_create(orgs, batch_size=500)
    by_slug = {o.slug: o for o in orgs}
    signatories[0].organisation = blue
    for s in signatories[1:]:
        s.organisation = by_slug.get(s.slug)
    Signatory.objects.bulk_create(signatories, batch_size=500)

    transitions, plan_items, invoices, agreements = [], [], [], []
    for s in signatories:
        target = s.state if s.state in PATH else (State.ACTIVE if s.state != State.REFUSED else State.APPLIED)
        steps = PATH[: PATH.index(target) + 1]
        when = s.applied_at
        previous = ""
        for step in steps:
            transitions.append(Transition(signatory=s, from_state=previous, to_state=step, created_at=when))
            previous, when = step, when + datetime.timedelta(days=rng.randint(1, 5))
        if s.state in (State.SUSPENDED, State.LAPSED, State.REFUSED):
            transitions.append(
                Transition(
                    signatory=s,
                    from_state=previous,
                    to_state=s.state,
                    created_at=when,
                    note="missed report" if s.state == State.SUSPENDED else "",
                )
            )
        if s.state in (State.PLANNING, State.PLAN_SUBMITTED, State.PLAN_APPROVED):
            plan_items += [
                PlanItem(
                    signatory=s,
                    criterion=c,
                    actions=""
                    if s.state == State.PLANNING and c.number > 3
                    else f"Actions for criterion {c.number}.",
                )
                for c in criteria
            ]
        if PATH.index(target) >= PATH.index(State.INVOICED) and s.state != State.REFUSED:
            invoices.append(
                Invoice(
                    signatory=s,
                    number=f"TC-DEMO-{s.pk:06d}",
                    year=today.year,
                    fee_band=s.fee_band,
                    amount_eur=Decimal(s.fee_band.fee_eur),
                    due_on=today + datetime.timedelta(days=20),
                    paid_on=None if s.state == State.INVOICED else today - datetime.timedelta(days=10),
                )
            )
        if PATH.index(target) >= PATH.index(State.SIGNED) and s.state != State.REFUSED:
            agreements.append(
                Agreement(
                    signatory=s,
                    signer_name=s.contact_name,
                    signed_on=s.member_since or today,
                    text_version=services.AGREEMENT_VERSION,
                    text_sha256=services.agreement_sha256(),
                )
            )
    Transition.objects.bulk_create(transitions, batch_size=1000)
    PlanItem.objects.bulk_create(plan_items, batch_size=1000)
    Invoice.objects.bulk_create(invoices, batch_size=1000)
    Agreement.objects.bulk_create(agreements, batch_size=1000)

    _reports(rng, today, signatories, criteria, version, grace)
    _appeal(signatories, today)
    return [DemoLogin(LCR_EMAIL, "Local Code Representative (Thailand)", False)]


def _representatives(countries: dict[str, Country]) -> None:
    members = {}
    for org in Organisation.objects.filter(kind="member", is_demo=True).order_by("pk"):
        members.setdefault(org.country_id, org)
    reps = []
    for iso2, country in countries.items():
        org = members.get(country.pk)
        if org is None or iso2 in WITHOUT_REPRESENTATIVE:
            continue
        reps.append((Representative(organisation=org), country))
    Representative.objects.bulk_create([r for r, _ in reps])
    Representative.countries.through.objects.bulk_create(
        [Representative.countries.through(representative_id=r.pk, country_id=c.pk) for r, c in reps]
    )


def _answer(rng: random.Random, report: AnnualReport, criterion: Criterion, *, scored: bool) -> Answer:
    total = rng.randint(5, 400)
    answer = Answer(
        report=report, criterion=criterion, narrative=f"What we did for criterion {criterion.number}."
    )
    if criterion.evidence == Criterion.Evidence.TRAINING:
        answer.employees_total = total
        answer.employees_trained = rng.randint(total // 3, total)
        answer.training_by_language = {"en": answer.employees_trained}
    elif criterion.evidence == Criterion.Evidence.CLAUSE:
        answer.contracts_with_clause_percent = rng.randint(20, 100)
    elif criterion.evidence == Criterion.Evidence.INFORMATION:
        answer.information_channels = "Website, booking confirmation, in-room leaflet"
        answer.travellers_reached = rng.randint(100, 50000)
    elif criterion.evidence == Criterion.Evidence.STAKEHOLDERS:
        answer.stakeholder_activities = "Workshop with local hotels and the child protection network."
    if scored:
        answer.representative_score = answer.score = rng.choices([1, 2, 3], weights=[2, 6, 3])[0]
    return answer


def _reports(
    rng: random.Random,
    today: datetime.date,
    signatories: list[Signatory],
    criteria: list[Criterion],
    version: object,
    grace: int,
) -> None:
    """Previous reports (accepted, some missed), current ones (draft, in review, returned, overdue)."""
    reports: list[AnnualReport] = []
    plans: list[tuple[AnnualReport, str]] = []
    certificates: list[Certificate] = []
    for n, s in enumerate(signatories):
        if s.state not in (State.ACTIVE, State.SUSPENDED, State.LAPSED):
            continue
        current = services._next_anniversary(s.member_since, today)
        previous = (
            current.replace(year=current.year - 1) if current.month != 2 or current.day != 29 else current
        )
        overdue = n != 0 and s.state == State.ACTIVE and rng.random() < 0.06
        if s.state == State.SUSPENDED:
            reports.append(
                AnnualReport(
                    signatory=s,
                    year=previous.year,
                    version=version,
                    deadline=previous,
                    status=ReportStatus.MISSED,
                    last_reminder=1,
                )
            )
            continue
        if s.state == State.LAPSED:
            continue
        if overdue:
            # The previous period's report is still open, past its deadline, within the grace period.
            deadline = today - datetime.timedelta(days=rng.randint(1, grace - 1))
            reports.append(
                AnnualReport(
                    signatory=s,
                    year=deadline.year,
                    version=version,
                    deadline=deadline,
                    status=ReportStatus.DRAFT,
                    last_reminder=1,
                )
            )
            plans.append((reports[-1], "draft"))
            continue
        if previous > s.member_since:
            reports.append(
                AnnualReport(
                    signatory=s,
                    year=previous.year,
                    version=version,
                    deadline=previous,
                    status=ReportStatus.ACCEPTED,
                    submitted_at=timezone.now() - datetime.timedelta(days=(today - previous).days + 10),
                    decided_at=timezone.now() - datetime.timedelta(days=max((today - previous).days - 20, 1)),
                )
            )
            plans.append((reports[-1], "accepted"))
        status = ReportStatus.DRAFT
        if n != 0:
            status = rng.choices(
                [
                    ReportStatus.DRAFT,
                    ReportStatus.SUBMITTED,
                    ReportStatus.REPRESENTATIVE_REVIEWED,
                    ReportStatus.RETURNED,
                ],
                weights=[80, 9, 5, 6],
            )[0]
        days_left = (current - today).days
        reminder = next((d for d in (7, 30, 60, 90) if days_left <= d), 0)
        reports.append(
            AnnualReport(
                signatory=s,
                year=current.year,
                version=version,
                deadline=current,
                status=status,
                last_reminder=reminder if status == ReportStatus.DRAFT else 0,
                submitted_at=(timezone.now() - datetime.timedelta(days=rng.randint(1, 40)))
                if status != ReportStatus.DRAFT
                else None,
            )
        )
        plans.append((reports[-1], "blue" if n == 0 else status))
        certificates.append(
            Certificate(
                signatory=s,
                year=today.year,
                code=f"TC-{s.country.iso2}-{today.year}-{s.pk:05d}-D{n % 1000:03d}",
                issued_on=previous if previous > s.member_since else s.member_since,
                valid_until=current + datetime.timedelta(days=grace),
            )
        )
    for s in signatories:
        if s.state in (State.SUSPENDED, State.LAPSED):
            certificates.append(
                Certificate(
                    signatory=s,
                    year=today.year - 1,
                    code=f"TC-{s.country.iso2}-{today.year - 1}-{s.pk:05d}-R",
                    issued_on=today - datetime.timedelta(days=400),
                    valid_until=today - datetime.timedelta(days=10),
                    revoked_on=today - datetime.timedelta(days=5),
                    revoked_reason=str(State(s.state).label),
                )
            )
    AnnualReport.objects.bulk_create(reports, batch_size=1000)
    Certificate.objects.bulk_create(certificates, batch_size=1000)

    answers: list[Answer] = []
    recognition: dict[int, str] = {}
    for report, kind in plans:
        if kind == "draft" or kind == ReportStatus.DRAFT:
            continue
        if kind == "blue":
            answers += [_answer(rng, report, c, scored=False) for c in criteria if c.number <= 2]
            continue
        scored = kind == "accepted"
        batch = [_answer(rng, report, c, scored=scored) for c in criteria]
        answers += batch
        if scored:
            scores = [a.score for a in batch]
            report.total_score = sum(scores)
            report.recognition = services.recognition_for(scores)
            recognition[report.signatory_id] = report.recognition
    Answer.objects.bulk_create(answers, batch_size=2000)
    accepted = [r for r, kind in plans if kind == "accepted"]
    AnnualReport.objects.bulk_update(accepted, ["total_score", "recognition"], batch_size=1000)
    top = [pk for pk, value in recognition.items() if value == Recognition.TOP_MEMBER]
    Signatory.objects.filter(pk__in=top, state=State.ACTIVE).update(recognition=Recognition.TOP_MEMBER)


def _appeal(signatories: list[Signatory], today: datetime.date) -> None:
    suspended = next(s for s in signatories if s.state == State.SUSPENDED)
    Appeal.objects.create(
        signatory=suspended,
        reason="Our report was sent by e-mail before the deadline.",
        lodged_on=today,
        acknowledge_by=today + datetime.timedelta(days=5),
        decide_by=today + datetime.timedelta(days=90),
    )
