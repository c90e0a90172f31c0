"""Writes with side effects for the network: status changes, admission, dues, obligations,
contacts, documents and support requests. Each runs in a transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country
from safeguard.lib.uploads import sha256_of, validate_document

from . import access, tasks
from .models import (
    TRANSITIONS,
    Application,
    ApplicationEvent,
    Contact,
    CountryCoverage,
    Dues,
    DuesBand,
    MemberDocument,
    MemberRecord,
    MembershipCategory,
    Obligation,
    Region,
    StandingOverride,
    Status,
    StatusChange,
    SupportMessage,
    SupportRequest,
)

MAX_PDF_BYTES = 10 * 1024 * 1024
# Countries of M49 "Western Asia" (145) that belong to the network's European region.
_EUROPE_IN_WESTERN_ASIA = frozenset({"AM", "AZ", "CY", "GE", "TR"})
_REGION_BY_SUB_REGION = {
    "015": Region.MENA,
    "202": Region.AFRICA,
    "419": Region.AMERICAS,
    "021": Region.AMERICAS,
    "030": Region.EAST_ASIA,
    "034": Region.SOUTH_ASIA,
    "035": Region.SOUTHEAST_ASIA,
    "143": Region.EUROPE,
    "145": Region.MENA,
    "151": Region.EUROPE,
    "154": Region.EUROPE,
    "039": Region.EUROPE,
    "155": Region.EUROPE,
    "053": Region.PACIFIC,
    "054": Region.PACIFIC,
    "057": Region.PACIFIC,
    "061": Region.PACIFIC,
}


def region_for_country(country: Country) -> str:
    """The network region of a country, from its UN M49 sub-region."""
    if country.iso2 in _EUROPE_IN_WESTERN_ASIA:
        return Region.EUROPE
    sub_region = country.sub_region.m49 if country.sub_region_id else ""
    return _REGION_BY_SUB_REGION.get(sub_region, Region.EUROPE)


# --- Status ---------------------------------------------------------------------------------


@transaction.atomic
def member_status_change(
    *,
    record: MemberRecord,
    to_status: str,
    reason: str,
    actor: User | None,
    effective_on: date | None = None,
    document: MemberDocument | None = None,
) -> StatusChange:
    """Move a member to ``to_status`` if the transition table allows it, and record who, when,
    why and with which document. Anything else raises a ValidationError that says why."""
    record = MemberRecord.objects.select_for_update().get(pk=record.pk)
    if to_status not in Status.values:
        raise ValidationError(_("Unknown status."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    if to_status not in TRANSITIONS[record.status]:
        allowed = ", ".join(str(Status(s).label) for s in sorted(TRANSITIONS[record.status])) or _("none")
        raise ValidationError(
            _("A member cannot go from “%(from)s” to “%(to)s”. Allowed from here: %(allowed)s.")
            % {"from": Status(record.status).label, "to": Status(to_status).label, "allowed": allowed}
        )
    if document is not None and document.organisation_id != record.organisation_id:
        raise ValidationError(_("The document belongs to another organisation."))
    change = StatusChange.objects.create(
        record=record,
        from_status=record.status,
        to_status=to_status,
        effective_on=effective_on or timezone.localdate(),
        reason=reason.strip(),
        document=document,
        changed_by=actor,
    )
    record.status = to_status
    if record.member_since is None and to_status in (Status.PROVISIONAL, Status.FULL):
        record.member_since = change.effective_on
    record.save(update_fields=["status", "member_since", "updated_at"])
    return change


@transaction.atomic
def standing_override_add(
    *,
    record: MemberRecord,
    good_standing: bool,
    reason: str,
    actor: User,
    starts_on: date | None = None,
    expires_on: date | None = None,
) -> StandingOverride:
    """Record the Secretariat's decision on a member's standing, with reason, author and expiry."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the override."))
    starts_on = starts_on or timezone.localdate()
    if expires_on is not None and expires_on < starts_on:
        raise ValidationError(_("The override cannot expire before it starts."))
    return StandingOverride.objects.create(
        record=record,
        good_standing=good_standing,
        reason=reason.strip(),
        author=actor,
        starts_on=starts_on,
        expires_on=expires_on,
    )


# --- Admission --------------------------------------------------------------------------------


def _check_pdf(upload: UploadedFile) -> None:
    validate_document(upload, max_bytes=MAX_PDF_BYTES)


@transaction.atomic
def application_submit(*, data: dict[str, Any], referees: list[Organisation] = ()) -> Application:  # type: ignore[assignment]
    """Store a public application (checking both PDFs by content) and acknowledge it by email."""
    for key in ("statutes", "safeguarding_policy"):
        _check_pdf(data[key])
    application = Application.objects.create(**data)
    if referees:
        application.referees.set(referees)
    ApplicationEvent.objects.create(application=application, step=Application.Step.SUBMITTED)
    _notify_applicant(application)
    return application


def _notify_applicant(application: Application) -> None:
    transaction.on_commit(
        lambda: tasks.send_application_email.enqueue(application_id=application.pk, step=application.step)
    )


_NEXT_STEP = {
    Application.Step.SUBMITTED: Application.Step.DUE_DILIGENCE,
    Application.Step.DUE_DILIGENCE: Application.Step.CONSULTATION,
    Application.Step.CONSULTATION: Application.Step.RECOMMENDATION,
}


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_checklist_update(
    *, application: Application, checks: dict[str, bool], actor: User
) -> Application:
    """Tick or untick the due diligence checklist (only while the application is open)."""
    application = _lock(application)
    if not application.is_open:
        raise ValidationError(_("This application is closed."))
    for field in ("dd_registration", "dd_statutes", "dd_policy", "dd_references"):
        setattr(application, field, bool(checks.get(field, False)))
    application.save()
    return application


@transaction.atomic
def application_advance(*, application: Application, actor: User, note: str = "") -> Application:
    """Move the review one step on: due diligence, then regional consultation, then the board.

    Leaving due diligence needs the whole checklist; leaving the consultation needs its notes.
    """
    application = _lock(application)
    next_step = _NEXT_STEP.get(application.step)
    if next_step is None:
        raise ValidationError(_("This application cannot move on from here."))
    if application.step == Application.Step.DUE_DILIGENCE and not application.checklist_complete:
        raise ValidationError(_("Complete the due diligence checklist first."))
    if application.step == Application.Step.CONSULTATION:
        if not note.strip():
            raise ValidationError(_("Summarise the regional consultation."))
        application.consultation_notes = note.strip()
    application.step = next_step
    application.save()
    ApplicationEvent.objects.create(application=application, step=next_step, note=note.strip(), actor=actor)
    _notify_applicant(application)
    return application


@transaction.atomic
def application_recommend(
    *, application: Application, recommendation: str, note: str, actor: User
) -> Application:
    """The board's recommendation (admit or reject), recorded at the recommendation step."""
    application = _lock(application)
    if application.step != Application.Step.RECOMMENDATION:
        raise ValidationError(_("The board recommends only after the regional consultation."))
    if recommendation not in Application.Recommendation.values:
        raise ValidationError(_("Choose admit or reject."))
    application.recommendation = recommendation
    application.save()
    ApplicationEvent.objects.create(
        application=application, step=application.step, note=note.strip() or recommendation, actor=actor
    )
    return application


def _unique_slug(name: str, iso2: str) -> str:
    base = slugify(f"{iso2}-{name}")[:70] or iso2.lower()
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_decide(*, application: Application, admit: bool, reasons: str, actor: User) -> Application:
    """Admit or reject, with reasons. Admission creates the member organisation, its record
    (provisional), its primary country, its documents, this year's dues and first obligations."""
    application = _lock(application)
    if application.step != Application.Step.RECOMMENDATION or not application.recommendation:
        raise ValidationError(_("Decide only after the board's recommendation."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."))
    today = timezone.localdate()
    application.decision_reasons = reasons.strip()
    application.decided_by = actor
    application.decided_at = timezone.now()
    if admit:
        application.organisation = _admit(application, actor=actor, on=today)
        application.step = Application.Step.ADMITTED
    else:
        application.step = Application.Step.REJECTED
    application.save()
    ApplicationEvent.objects.create(
        application=application, step=application.step, note=reasons.strip(), actor=actor
    )
    _notify_applicant(application)
    return application


def _admit(application: Application, *, actor: User, on: date) -> Organisation:
    organisation = Organisation.objects.create(
        name=application.name,
        slug=_unique_slug(application.name, application.country.iso2),
        kind=Organisation.Kind.MEMBER,
        country=application.country,
        city=application.city,
        website=application.website,
    )
    record = MemberRecord.objects.create(
        organisation=organisation,
        category=application.category,
        region=region_for_country(application.country),
        status=Status.APPLICANT,
        registration_number=application.registration_number,
    )
    StatusChange.objects.create(
        record=record,
        from_status="",
        to_status=Status.APPLICANT,
        effective_on=application.submitted_at.date(),
        reason=_("Application submitted."),
        changed_by=None,
    )
    CountryCoverage.objects.create(
        record=record, country=application.country, role=CountryCoverage.Role.PRIMARY, start_date=on
    )
    decision = None
    for kind, field in (
        (MemberDocument.Kind.STATUTES, application.statutes),
        (MemberDocument.Kind.SAFEGUARDING_POLICY, application.safeguarding_policy),
    ):
        field.open("rb")
        try:
            document = MemberDocument(
                organisation=organisation,
                kind=kind,
                title=str(MemberDocument.Kind(kind).label),
                sha256=sha256_of(field),
                uploaded_by=actor,
            )
            document.file.save("document.pdf", field, save=True)
        finally:
            field.close()
        decision = decision or document
    member_status_change(
        record=record,
        to_status=Status.PROVISIONAL,
        reason=_("Admitted: %(reasons)s") % {"reasons": application.decision_reasons},
        actor=actor,
        effective_on=on,
    )
    dues_assess(record=record, year=on.year, on=on)
    obligations_schedule(record=record, year=on.year, on=on)
    return organisation


# --- Dues and obligations ---------------------------------------------------------------------

DUES_DUE_MONTH_DAY = (3, 31)
_INCOME_GROUPS_HIGH = frozenset(
    "AU AT BE CA CH CZ DE DK FR GB IE IT JP LU NL NO NZ PL SE TW US UY CL RO".split()  # noqa: SIM905
)


def income_group(country: Country) -> str:
    """A coarse income group for the dues band (high income or not); enough for the bands in use."""
    return (
        DuesBand.IncomeGroup.HIGH
        if country.iso2 in _INCOME_GROUPS_HIGH
        else DuesBand.IncomeGroup.LOWER_MIDDLE
    )


def band_for(record: MemberRecord) -> DuesBand | None:
    """The dues band the category's rule gives this member, or None (no dues)."""
    rule = record.category.dues_rule
    if rule == MembershipCategory.DuesRule.NONE:
        return None
    bands = DuesBand.objects.filter(rule=rule)
    if rule == MembershipCategory.DuesRule.BUDGET:
        budget = record.annual_budget_eur or 0
        return (
            bands.filter(max_budget_eur__gte=budget).order_by("max_budget_eur").first()
            or bands.filter(max_budget_eur__isnull=True).first()
        )
    return bands.filter(income_group=income_group(record.organisation.country)).first()


def prorate(amount: Decimal, *, admitted_on: date | None, year: int) -> tuple[Decimal, bool]:
    """Dues for a member admitted during ``year``: whole months left, counting the month of
    admission. Members admitted before the year pay the full amount."""
    if admitted_on is None or admitted_on.year != year:
        return amount, False
    months = 12 - admitted_on.month + 1
    return (amount * months / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), months < 12


@transaction.atomic
def dues_assess(*, record: MemberRecord, year: int, on: date | None = None) -> Dues | None:
    """This year's dues of one member (idempotent: an existing assessment is kept)."""
    existing = Dues.objects.filter(record=record, year=year).first()
    if existing is not None:
        return existing
    band = band_for(record)
    if band is None:
        return None
    amount, prorated = prorate(band.amount, admitted_on=record.member_since, year=year)
    due_on = date(year, *DUES_DUE_MONTH_DAY)
    if on is not None and on > due_on:
        due_on = on + timedelta(days=30)
    return Dues.objects.create(
        record=record,
        year=year,
        band=band,
        amount=amount,
        currency=band.currency,
        prorated=prorated,
        due_on=due_on,
        grace_ends_on=due_on + timedelta(days=record.category.grace_days),
    )


@transaction.atomic
def dues_mark_paid(*, dues: Dues, paid_on: date, actor: User) -> Dues:
    dues = Dues.objects.select_for_update().get(pk=dues.pk)
    if dues.state in (Dues.State.PAID, Dues.State.WAIVED):
        raise ValidationError(_("These dues are already settled."))
    dues.state, dues.paid_on = Dues.State.PAID, paid_on
    dues.save()
    return dues


@transaction.atomic
def dues_waiver_request(*, dues: Dues, reason: str, actor: User) -> Dues:
    dues = Dues.objects.select_for_update().get(pk=dues.pk)
    if dues.state != Dues.State.DUE:
        raise ValidationError(_("A waiver can only be asked for unpaid dues."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the waiver."))
    dues.state, dues.waiver_reason = Dues.State.WAIVER_REQUESTED, reason.strip()
    dues.save()
    return dues


@transaction.atomic
def dues_waiver_decide(*, dues: Dues, approve: bool, actor: User) -> Dues:
    """Secretariat administrators approve or refuse a waiver (refused: the dues are unpaid again)."""
    if not access.accounts_access.is_secretariat_admin(actor):
        raise PermissionDenied
    dues = Dues.objects.select_for_update().get(pk=dues.pk)
    if dues.state != Dues.State.WAIVER_REQUESTED:
        raise ValidationError(_("No waiver was asked for."))
    if approve:
        dues.state, dues.waiver_approved_by = Dues.State.WAIVED, actor
    else:
        dues.state = Dues.State.DUE
    dues.save()
    return dues


OBLIGATION_SCHEDULE = {
    Obligation.Kind.ANNUAL_REPORT: (6, 30),
    Obligation.Kind.AUDITED_ACCOUNTS: (9, 30),
}


@transaction.atomic
def obligations_schedule(*, record: MemberRecord, year: int, on: date | None = None) -> list[Obligation]:
    """A member's yearly obligations (annual report, audited accounts), idempotently. A due date
    already past on ``on`` (a member admitted late in the year) moves to the next year."""
    scheduled = []
    for kind, (month, day) in OBLIGATION_SCHEDULE.items():
        due_on = date(year, month, day)
        if on is not None and due_on < on:
            due_on = date(year + 1, month, day)
        obligation, _new = Obligation.objects.get_or_create(
            record=record,
            kind=kind,
            due_on=due_on,
            defaults={"grace_ends_on": due_on + timedelta(days=record.category.grace_days)},
        )
        scheduled.append(obligation)
    return scheduled


@transaction.atomic
def obligation_mark_met(*, obligation: Obligation, met_on: date, actor: User) -> Obligation:
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.met_on is not None:
        raise ValidationError(_("This obligation is already met."))
    obligation.met_on = met_on
    obligation.save()
    return obligation


REMIND_DAYS_BEFORE = 30


@dataclass
class DailyResult:
    reminded: int = 0
    escalated: int = 0
    documents_expiring: int = 0
    to_arrears: int = 0
    back_to_full: int = 0


def network_daily(*, on: date | None = None) -> DailyResult:
    """The daily job: remind members of obligations falling due within 30 days, escalate
    overdue ones to the Secretariat (each once), remind them of documents expiring within 30
    days (once), move full members with dues unpaid after
    their due date into "in arrears" and back once paid, unless an override holds them."""
    on = on or timezone.localdate()
    now = timezone.now()
    result = DailyResult()
    soon = Obligation.objects.filter(
        met_on__isnull=True,
        reminded_at__isnull=True,
        due_on__gte=on,
        due_on__lte=on + timedelta(days=REMIND_DAYS_BEFORE),
    )
    for obligation_id in list(soon.values_list("pk", flat=True)):
        with transaction.atomic():
            if Obligation.objects.filter(pk=obligation_id, reminded_at__isnull=True).update(reminded_at=now):
                tasks.send_obligation_email.enqueue(obligation_id=obligation_id, escalation=False)
                result.reminded += 1
    overdue = Obligation.objects.filter(met_on__isnull=True, escalated_at__isnull=True, due_on__lt=on)
    for obligation_id in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            if Obligation.objects.filter(pk=obligation_id, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                tasks.send_obligation_email.enqueue(obligation_id=obligation_id, escalation=True)
                result.escalated += 1
    expiring = MemberDocument.objects.filter(
        expiry_reminded_at__isnull=True,
        valid_until__gte=on,
        valid_until__lte=on + timedelta(days=REMIND_DAYS_BEFORE),
    )
    for document_id in list(expiring.values_list("pk", flat=True)):
        with transaction.atomic():
            if MemberDocument.objects.filter(pk=document_id, expiry_reminded_at__isnull=True).update(
                expiry_reminded_at=now
            ):
                tasks.send_document_expiry_email.enqueue(document_id=document_id)
                result.documents_expiring += 1
    held = StandingOverride.objects.filter(starts_on__lte=on).exclude(expires_on__lt=on).values("record")
    unpaid = Dues.objects.filter(state__in=[Dues.State.DUE, Dues.State.WAIVER_REQUESTED], due_on__lt=on)
    late = MemberRecord.objects.filter(status=Status.FULL, pk__in=unpaid.values("record")).exclude(
        pk__in=held
    )
    for record in late:
        member_status_change(
            record=record,
            to_status=Status.ARREARS,
            reason=_("Dues unpaid after the due date."),
            actor=None,
            effective_on=on,
        )
        result.to_arrears += 1
    settled = (
        MemberRecord.objects.filter(status=Status.ARREARS)
        .exclude(pk__in=unpaid.values("record"))
        .exclude(pk__in=held)
    )
    for record in settled:
        member_status_change(
            record=record, to_status=Status.FULL, reason=_("Dues paid."), actor=None, effective_on=on
        )
        result.back_to_full += 1
    return result


# --- Contacts and documents -------------------------------------------------------------------


@transaction.atomic
def contact_save(
    *, organisation: Organisation, data: dict[str, Any], actor: User, contact: Contact | None = None
) -> Contact:
    """Add a contact or change one (history keeps every version)."""
    if contact is None:
        contact = Contact(organisation=organisation)
    elif contact.organisation_id != organisation.pk:
        raise PermissionDenied
    for key, value in data.items():
        setattr(contact, key, value)
    contact._history_user = actor
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def document_upload(
    *,
    organisation: Organisation,
    upload: UploadedFile,
    kind: str,
    title: str,
    visibility: str,
    actor: User,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> MemberDocument:
    """Store a PDF of an organisation after checking it by content and size."""
    _check_pdf(upload)
    document = MemberDocument(
        organisation=organisation,
        kind=kind,
        title=title,
        visibility=visibility,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        sha256=sha256_of(upload),
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file", "sha256"])
    document.file.save("document.pdf", upload, save=True)
    return document


# --- Technical support ------------------------------------------------------------------------


@transaction.atomic
def support_request_create(
    *, organisation: Organisation, data: dict[str, Any], actor: User
) -> SupportRequest:
    support = SupportRequest.objects.create(organisation=organisation, created_by=actor, **data)
    transaction.on_commit(lambda: tasks.send_support_email.enqueue(request_id=support.pk, event="created"))
    return support


@transaction.atomic
def support_message_add(*, support: SupportRequest, body: str, actor: User) -> SupportMessage:
    if not body.strip():
        raise ValidationError(_("Write a message."))
    if support.state == SupportRequest.State.RESOLVED:
        raise ValidationError(_("This request is resolved; ask a new one."))
    message = SupportMessage.objects.create(request=support, author=actor, body=body.strip())
    transaction.on_commit(lambda: tasks.send_support_email.enqueue(request_id=support.pk, event="message"))
    return message


@transaction.atomic
def support_triage(
    *, support: SupportRequest, priority: str, assigned_to: User | None, resolve: bool, actor: User
) -> SupportRequest:
    """The Secretariat sets the priority, assigns someone, or resolves the request."""
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.state == SupportRequest.State.RESOLVED:
        raise ValidationError(_("This request is already resolved."))
    if assigned_to is not None and not access.is_staff(assigned_to):
        raise ValidationError(_("Only Secretariat staff can be assigned."))
    support.priority = priority
    support.assigned_to = assigned_to
    if resolve:
        support.state, support.resolved_at = SupportRequest.State.RESOLVED, timezone.now()
    else:
        support.state = SupportRequest.State.TRIAGED
    support.save()
    if resolve:
        transaction.on_commit(
            lambda: tasks.send_support_email.enqueue(request_id=support.pk, event="resolved")
        )
    return support


# --- Record details and country coverage --------------------------------------------------------


@transaction.atomic
def member_record_update(*, record: MemberRecord, data: dict[str, Any], actor: User) -> MemberRecord:
    """Change a member's category, region, registration number or budget (kept in its history)."""
    record = MemberRecord.objects.select_for_update().get(pk=record.pk)
    for key in ("category", "region", "registration_number", "annual_budget_eur"):
        if key in data:
            setattr(record, key, data[key])
    record._history_user = actor
    record.save()
    return record


@transaction.atomic
def coverage_add(
    *, record: MemberRecord, country: Country, role: str, start_date: date, actor: User
) -> CountryCoverage:
    """A country the member now works in. One current primary country: end the old one first."""
    current = CountryCoverage.objects.filter(record=record, end_date__isnull=True)
    if current.filter(country=country).exists():
        raise ValidationError(_("The member already covers this country."))
    if role == CountryCoverage.Role.PRIMARY and current.filter(role=CountryCoverage.Role.PRIMARY).exists():
        raise ValidationError(_("End the current primary country first."))
    coverage = CountryCoverage(record=record, country=country, role=role, start_date=start_date)
    coverage._history_user = actor
    coverage.save()
    return coverage


@transaction.atomic
def coverage_end(*, coverage: CountryCoverage, end_date: date, actor: User) -> CountryCoverage:
    coverage = CountryCoverage.objects.select_for_update().get(pk=coverage.pk)
    if coverage.end_date is not None:
        raise ValidationError(_("This coverage has already ended."))
    if end_date < coverage.start_date:
        raise ValidationError(_("The end date cannot be before the start date."))
    coverage.end_date = end_date
    coverage._history_user = actor
    coverage.save()
    return coverage
