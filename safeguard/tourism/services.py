"""Writes with side effects for The Code: the membership lifecycle (a state machine with an owner,
a due date and an audit entry per transition), annual reports and their review, certificates,
appeals and the nightly reminder and suspension run."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from safeguard.accounts.models import Membership, Organisation, User
from safeguard.lib.net import client_ip
from safeguard.lib.uploads import PDF, validate_document

from . import criteria as reference
from .access import Capacity
from .models import (
    Agreement,
    AnnualReport,
    Answer,
    Appeal,
    AppealStatus,
    Certificate,
    Comment,
    CriteriaVersion,
    Criterion,
    Invoice,
    Owner,
    PlanItem,
    Recognition,
    ReportStatus,
    Signatory,
    State,
    Transition,
)

AGREEMENT_VERSION = "2024-1"
AGREEMENT_TEXT = (
    "The company named above joins The Code of Conduct for the Protection of Children from Sexual "
    "Exploitation in Travel and Tourism. It commits to implement the six criteria of The Code, to report "
    "annually on their implementation, to pay the annual fee of its revenue band, and accepts that its "
    "membership is suspended when it misses its annual report."
)


def agreement_sha256() -> str:
    return hashlib.sha256(f"{AGREEMENT_VERSION}\n{AGREEMENT_TEXT}".encode()).hexdigest()


@dataclass(frozen=True)
class Step:
    """One allowed transition: from which states, to which, who may ask, who acts next and by when."""

    sources: tuple[str, ...]
    target: str
    who: tuple[str, ...]  # Capacity attributes, any of which allows the step
    owner: str
    due_days: int | None
    label: Any


STEPS: dict[str, Step] = {
    "accept": Step(
        ("applied",), "planning", ("staff_write",), Owner.COMPANY, 60, _lazy("Accept the application")
    ),
    "refuse": Step(
        ("applied",), "refused", ("staff_write",), Owner.NONE, None, _lazy("Refuse the application")
    ),
    "submit_plan": Step(
        ("planning",),
        "plan_submitted",
        ("company_write", "representative_write"),
        Owner.MANAGER,
        14,
        _lazy("Submit the plan for approval"),
    ),
    "return_plan": Step(
        ("plan_submitted",),
        "planning",
        ("staff_write",),
        Owner.COMPANY,
        30,
        _lazy("Return the plan for changes"),
    ),
    "approve_plan": Step(
        ("plan_submitted",), "plan_approved", ("staff_write",), Owner.FINANCE, 7, _lazy("Approve the plan")
    ),
    "invoice": Step(
        ("plan_approved",), "invoiced", ("staff_write",), Owner.COMPANY, 30, _lazy("Issue the invoice")
    ),
    "mark_paid": Step(
        ("invoiced",), "paid", ("staff_write",), Owner.COMPANY, 30, _lazy("Record the payment")
    ),
    "sign": Step(
        ("paid",), "signed", ("company_write", "representative_write"), Owner.MANAGER, 1, _lazy("Sign")
    ),
    "activate": Step(
        ("signed",),
        "active",
        ("company_write", "representative_write", "staff_write"),
        Owner.COMPANY,
        None,
        _lazy("Activate"),
    ),
    "suspend": Step(("active",), "suspended", ("staff_write",), Owner.COMPANY, None, _lazy("Suspend")),
    "reinstate": Step(("suspended",), "active", ("staff_write",), Owner.COMPANY, None, _lazy("Reinstate")),
    "lapse": Step(
        ("active", "suspended"), "lapsed", ("staff_write",), Owner.NONE, None, _lazy("Record as lapsed")
    ),
}
# Steps that have their own form (and side effects) rather than a plain button.
FORM_STEPS = frozenset({"sign", "activate"})


def available_steps(signatory: Signatory, cap: Capacity) -> list[tuple[str, Step]]:
    """The buttons this person sees for this signatory."""
    return [
        (name, step)
        for name, step in STEPS.items()
        if name not in FORM_STEPS
        and signatory.state in step.sources
        and any(getattr(cap, w) for w in step.who)
    ]


def _move(
    signatory: Signatory, name: str, *, actor: User | None, cap: Capacity | None, note: str = ""
) -> Transition:
    """Apply one step: refuse an invalid one with a clear message, else record the audit entry."""
    step = _check(signatory, name, cap)
    today = timezone.localdate()
    transition = Transition.objects.create(
        signatory=signatory, from_state=signatory.state, to_state=step.target, actor=actor, note=note[:500]
    )
    signatory.state = step.target
    signatory.owner = step.owner
    signatory.due_on = today + datetime.timedelta(days=step.due_days) if step.due_days else None
    signatory.save(update_fields=["state", "owner", "due_on", "organisation", "member_since", "recognition"])
    return transition


def _check(signatory: Signatory, name: str, cap: Capacity | None) -> Step:
    """Refuse an invalid step with a clear message, or a step this person may not take."""
    step = STEPS[name]
    if signatory.state not in step.sources:
        raise ValidationError(
            _("“%(step)s” is not possible while the signatory is “%(state)s”.")
            % {"step": step.label, "state": State(signatory.state).label}
        )
    if cap is not None and not any(getattr(cap, w) for w in step.who):
        raise PermissionDenied
    return step


def _lock(signatory: Signatory) -> Signatory:
    return (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("fee_band", "discount", "country")
        .get(pk=signatory.pk)
    )


# --- Joining ---------------------------------------------------------------------------------


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "company"
    slug, n = base, 1
    while Signatory.objects.filter(slug=slug).exists() or Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_submit(*, data: dict[str, Any]) -> Signatory:
    """A public application: one record in state "applied", for the Code manager to screen."""
    countries = data.pop("operating_countries", [])
    signatory = Signatory.objects.create(
        slug=unique_slug(data["name"]),
        state=State.APPLIED,
        owner=Owner.MANAGER,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        **data,
    )
    signatory.operating_countries.set(countries)
    Transition.objects.create(signatory=signatory, to_state=State.APPLIED, note="web application")
    return signatory


def current_version() -> CriteriaVersion:
    return CriteriaVersion.objects.get(is_current=True)


def criteria_for(signatory: Signatory, version: CriteriaVersion) -> list[Criterion]:
    qs = version.criteria.all()
    if not signatory.voluntourism:
        qs = qs.filter(module=Criterion.Module.CORE)
    return list(qs)


def _link_account(signatory: Signatory) -> tuple[User, bool]:
    """The company's organisation and its contact's account; a new account gets a set-password link."""
    slug, n = signatory.slug, 1
    while Organisation.objects.filter(slug=slug).exists():  # taken since the application
        n += 1
        slug = f"{signatory.slug[:70]}-{n}"
    organisation = Organisation.objects.create(
        name=signatory.name,
        slug=slug,
        kind=Organisation.Kind.COMPANY,
        country=signatory.country,
        city=signatory.city,
        website=signatory.website,
    )
    signatory.organisation = organisation
    email = signatory.contact_email.lower()
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=signatory.contact_name)
        # The set-password link goes to this address, so following it proves the address.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "editor"})
    return user, created


def _welcome_mail(signatory: Signatory, user: User, *, new_account: bool) -> None:
    base = settings.SITE_URL.rstrip("/")
    lines = [
        _("Your application to The Code has been accepted. Next step: your implementation plan."),
        base + signatory.get_absolute_url(),
    ]
    if new_account:
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
        )
        lines += [_("Choose your password here (the link works once):"), base + path]
    send_mail(_("The Code: your application is accepted"), "\n\n".join(lines), None, [user.email])


@transaction.atomic
def application_accept(*, signatory: Signatory, actor: User, cap: Capacity | None) -> Signatory:
    """Accept: create the company's account and its implementation plan, one item per criterion."""
    signatory = _lock(signatory)
    _check(signatory, "accept", cap)
    user, created = _link_account(signatory)
    _move(signatory, "accept", actor=actor, cap=cap)
    PlanItem.objects.bulk_create(
        [PlanItem(signatory=signatory, criterion=c) for c in criteria_for(signatory, current_version())],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: _welcome_mail(signatory, user, new_account=created))
    return signatory


@transaction.atomic
def signatory_step(
    *, signatory: Signatory, name: str, actor: User, cap: Capacity, note: str = ""
) -> Signatory:
    """Any plain step (a button); steps with side effects go to their own service."""
    if name not in STEPS or name in FORM_STEPS:
        raise ValidationError(_("Unknown step."))
    if name == "accept":
        return application_accept(signatory=signatory, actor=actor, cap=cap)
    signatory = _lock(signatory)
    if name == "submit_plan":
        missing = [
            i.criterion.number
            for i in signatory.plan_items.select_related("criterion")
            if not i.actions.strip()
        ]
        if missing:
            raise ValidationError(
                _("Describe the planned actions for every criterion first (missing: %(numbers)s).")
                % {"numbers": ", ".join(map(str, missing))}
            )
    _move(signatory, name, actor=actor, cap=cap, note=note)
    if name == "invoice":
        invoice_issue(signatory=signatory)
    elif name == "mark_paid":
        signatory.invoices.filter(paid_on__isnull=True).update(paid_on=timezone.localdate())
    elif name in ("suspend", "lapse"):
        certificates_revoke(signatory_ids=[signatory.pk], reason=State(signatory.state).label)
    elif name == "reinstate":
        signatory.missed_reports = 0
        signatory.save(update_fields=["missed_reports"])
        certificate_issue(signatory=signatory)
    return signatory


@transaction.atomic
def plan_save(*, signatory: Signatory, items: dict[int, dict[str, Any]], cap: Capacity) -> None:
    """Save the plan (company or representative), while it is being prepared."""
    if not (cap.company_write or cap.representative_write or cap.staff_write):
        raise PermissionDenied
    if signatory.state != State.PLANNING:
        raise ValidationError(_("The plan can only be changed while it is in preparation."))
    for item in signatory.plan_items.all():
        if item.pk in items:
            item.actions = items[item.pk]["actions"]
            item.target_date = items[item.pk]["target_date"]
            item.save(update_fields=["actions", "target_date"])


def invoice_amount(signatory: Signatory) -> Decimal:
    percent = signatory.discount.percent if signatory.discount else 0
    return (Decimal(signatory.fee_band.fee_eur) * (100 - percent) / 100).quantize(Decimal("0.01"))


def invoice_issue(*, signatory: Signatory) -> Invoice:
    """This year's invoice by revenue band, less the partner discount."""
    today = timezone.localdate()
    invoice, _created = Invoice.objects.get_or_create(
        signatory=signatory,
        year=today.year,
        defaults={
            "number": f"TC-{today.year}-{signatory.pk:06d}",
            "fee_band": signatory.fee_band,
            "discount_percent": signatory.discount.percent if signatory.discount else 0,
            "amount_eur": invoice_amount(signatory),
            "due_on": today + datetime.timedelta(days=30),
        },
    )
    return invoice


def _hash_ip(request: HttpRequest | None) -> str:
    ip = client_ip(request) if request is not None else None
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest() if ip else ""


@transaction.atomic
def agreement_sign(
    *,
    signatory: Signatory,
    actor: User,
    cap: Capacity,
    signer_name: str,
    signer_title: str,
    signed_on: datetime.date,
    request: HttpRequest | None = None,
) -> Agreement:
    """Record the signed agreement (who, when, a hash of the address, which text), then activate."""
    signatory = _lock(signatory)
    _move(signatory, "sign", actor=actor, cap=cap, note=signer_name)
    agreement = Agreement.objects.create(
        signatory=signatory,
        signer_name=signer_name,
        signer_title=signer_title,
        signed_on=signed_on,
        signed_by=actor,
        text_version=AGREEMENT_VERSION,
        text_sha256=agreement_sha256(),
        ip_hash=_hash_ip(request),
    )
    member_activate(signatory=signatory, actor=actor)
    return agreement


def member_activate(*, signatory: Signatory, actor: User | None) -> None:
    """Signed → active: listed, certificate issued, first annual report opened."""
    today = timezone.localdate()
    signatory.member_since = signatory.member_since or today
    signatory.recognition = Recognition.MEMBER
    _move(signatory, "activate", actor=actor, cap=None)
    report = report_open(signatory=signatory, deadline=_next_anniversary(today, today))
    certificate_issue(signatory=signatory, valid_until=report.deadline)


def _next_anniversary(since: datetime.date, after: datetime.date) -> datetime.date:
    year = after.year
    while True:
        try:
            candidate = since.replace(year=year)
        except ValueError:  # 29 February
            candidate = datetime.date(year, 2, 28)
        if candidate > after:
            return candidate
        year += 1


# --- Certificates ---------------------------------------------------------------------------


def certificate_code(signatory: Signatory, year: int) -> str:
    """Type + body + year + serial (as GSTC), plus a random part so codes cannot be guessed."""
    return f"TC-{signatory.country.iso2}-{year}-{signatory.pk:05d}-{secrets.token_hex(2).upper()}"


def certificate_issue(*, signatory: Signatory, valid_until: datetime.date | None = None) -> Certificate:
    """This period's certificate, valid until the report deadline plus the grace period."""
    if valid_until is None:
        open_report = signatory.reports.order_by("-deadline").first()
        valid_until = (
            open_report.deadline if open_report else timezone.localdate() + datetime.timedelta(days=365)
        )
    valid_until += datetime.timedelta(days=reference.rules()["grace_days"])
    year = timezone.localdate().year
    certificate, created = Certificate.objects.get_or_create(
        signatory=signatory,
        year=year,
        defaults={"code": certificate_code(signatory, year), "valid_until": valid_until},
    )
    if not created:
        certificate.valid_until = max(valid_until, certificate.valid_until)
        certificate.revoked_on = None
        certificate.revoked_reason = ""
        certificate.save(update_fields=["valid_until", "revoked_on", "revoked_reason"])
    return certificate


def certificates_revoke(*, signatory_ids: list[int], reason: str) -> int:
    return Certificate.objects.filter(signatory_id__in=signatory_ids, revoked_on__isnull=True).update(
        revoked_on=timezone.localdate(), revoked_reason=str(reason)[:200]
    )


def certificate_status(certificate: Certificate, today: datetime.date | None = None) -> str:
    """valid, revoked or expired: what the public verification page says."""
    today = today or timezone.localdate()
    if certificate.revoked_on is not None or certificate.signatory.state in (State.SUSPENDED, State.LAPSED):
        return "revoked"
    if certificate.valid_until < today:
        return "expired"
    return "valid"


# --- Annual reports -------------------------------------------------------------------------


def report_open(*, signatory: Signatory, deadline: datetime.date) -> AnnualReport:
    version = current_version()
    report, created = AnnualReport.objects.get_or_create(
        signatory=signatory, year=deadline.year, defaults={"deadline": deadline, "version": version}
    )
    if created:
        report_ensure_answers(report)
    return report


def report_ensure_answers(report: AnnualReport) -> None:
    """One answer per criterion of the report's version (reports opened in bulk get them here)."""
    have = set(report.answers.values_list("criterion_id", flat=True))
    Answer.objects.bulk_create(
        [
            Answer(report=report, criterion=c)
            for c in criteria_for(report.signatory, report.version)
            if c.pk not in have
        ],
        ignore_conflicts=True,
    )


EDITABLE_ANSWER_FIELDS = (
    "narrative",
    "policy_approved_on",
    "employees_total",
    "employees_trained",
    "training_by_language",
    "contracts_with_clause_percent",
    "clause_text",
    "information_channels",
    "travellers_reached",
    "stakeholder_activities",
)


@transaction.atomic
def answer_save(
    *, answer: Answer, cap: Capacity, data: dict[str, Any], document: UploadedFile | None
) -> Answer:
    """Save as you go: the company changes its answers while the report is open."""
    if not cap.company_write:
        raise PermissionDenied
    if not answer.report.is_editable:
        raise ValidationError(_("This report is under review and cannot be changed now."))
    for field in EDITABLE_ANSWER_FIELDS:
        if field in data:
            setattr(answer, field, data[field])
    if (
        answer.employees_trained is not None
        and answer.employees_total is not None
        and (answer.employees_trained > answer.employees_total)
    ):
        raise ValidationError(_("More employees trained than employees: check both numbers."))
    if document is not None:
        validate_document(document, kinds=(PDF,), max_bytes=10 * 1024 * 1024)
        if answer.policy_document:
            answer.policy_document.delete(save=False)
        answer.policy_document.save(
            f"{answer.report.signatory.slug}-{answer.report.year}.pdf", document, save=False
        )
    answer.save()
    return answer


def report_missing(report: AnnualReport) -> list[int]:
    """Core criteria (other than the report itself) without any answer yet."""
    missing = []
    for answer in report.answers.select_related("criterion"):
        c = answer.criterion
        if c.module != Criterion.Module.CORE or c.evidence == Criterion.Evidence.SUBMISSION:
            continue
        if not answer.narrative.strip():
            missing.append(c.number)
    return missing


@transaction.atomic
def report_submit(*, report: AnnualReport, actor: User, cap: Capacity) -> AnnualReport:
    if not cap.company_write:
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(_("This report has already been submitted."))
    missing = report_missing(report)
    if missing:
        raise ValidationError(
            _("Answer every criterion before submitting (missing: %(numbers)s).")
            % {"numbers": ", ".join(map(str, missing))}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    return report


def recognition_for(scores: list[int]) -> str:
    """The published rubric: every criterion at least 2 and 15 of 18 → Top Member; all at least 1 → member."""
    if scores and min(scores) >= 2 and sum(scores) >= 15 and len(scores) >= 6:
        return Recognition.TOP_MEMBER
    if scores and min(scores) >= 1:
        return Recognition.MEMBER
    return Recognition.NONE


@transaction.atomic
def report_review(
    *, report: AnnualReport, actor: User, cap: Capacity, scores: dict[int, int], decision: str
) -> AnnualReport:
    """The representative reviews first (approve or return); the Secretariat then accepts or returns.

    The Secretariat may also review a report straight away where the country has no representative.
    """
    report = AnnualReport.objects.select_for_update().select_related("signatory").get(pk=report.pk)
    answers = list(report.answers.select_related("criterion"))
    core = [a for a in answers if a.criterion.module == Criterion.Module.CORE]
    if report.status == ReportStatus.SUBMITTED and cap.representative_write:
        stage = "representative"
    elif report.status in (ReportStatus.SUBMITTED, ReportStatus.REPRESENTATIVE_REVIEWED) and cap.staff_write:
        stage = "secretariat"
    elif report.status in (ReportStatus.SUBMITTED, ReportStatus.REPRESENTATIVE_REVIEWED):
        raise PermissionDenied
    else:
        raise ValidationError(_("This report is not waiting for a review."))
    if decision not in ("approve", "return"):
        raise ValidationError(_("Choose to approve or to return the report."))
    if decision == "approve" and any(scores.get(a.pk) is None for a in core):
        raise ValidationError(_("Score every criterion before approving."))
    field = "representative_score" if stage == "representative" else "score"
    for answer in answers:
        if answer.pk in scores:
            setattr(answer, field, scores[answer.pk])
    Answer.objects.bulk_update(answers, [field])
    now = timezone.now()
    if decision == "return":
        report.status = ReportStatus.RETURNED
    elif stage == "representative":
        report.status = ReportStatus.REPRESENTATIVE_REVIEWED
        report.reviewed_at = now
    else:
        report_accept(report=report, core_scores=[scores[a.pk] for a in core])
        return report
    report.save()
    return report


def report_accept(*, report: AnnualReport, core_scores: list[int]) -> None:
    """Accepted: the rubric decides the recognition; the next report opens; the certificate follows."""
    signatory = report.signatory
    report.status = ReportStatus.ACCEPTED
    report.decided_at = timezone.now()
    report.total_score = sum(core_scores)
    report.recognition = recognition_for(core_scores)
    report.save()
    signatory.recognition = report.recognition or Recognition.MEMBER
    signatory.save(update_fields=["recognition"])
    if signatory.state == State.ACTIVE:
        following = report_open(
            signatory=signatory, deadline=_next_anniversary(report.deadline, report.deadline)
        )
        certificate_issue(signatory=signatory, valid_until=following.deadline)


@transaction.atomic
def comment_add(*, answer: Answer, actor: User, cap: Capacity, body: str) -> Comment:
    if not (cap.company_write or cap.representative_write or cap.staff_write):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."))
    return Comment.objects.create(answer=answer, author=actor, body=body[:4000])


# --- Appeals --------------------------------------------------------------------------------


@transaction.atomic
def appeal_lodge(*, signatory: Signatory, actor: User, cap: Capacity, reason: str) -> Appeal:
    """Within the appeal window after a suspension; acknowledged within 5 days, decided within 90."""
    if not cap.company_write:
        raise PermissionDenied
    if signatory.state != State.SUSPENDED:
        raise ValidationError(_("Only a suspension can be appealed here."))
    rules = reference.rules()
    suspended = signatory.transitions.filter(to_state=State.SUSPENDED).order_by("-created_at").first()
    today = timezone.localdate()
    if suspended and (today - suspended.created_at.date()).days > rules["appeal_window_days"]:
        raise ValidationError(_("The appeal window has closed."))
    if signatory.appeals.filter(status=AppealStatus.OPEN).exists():
        raise ValidationError(_("An appeal is already open."))
    return Appeal.objects.create(
        signatory=signatory,
        reason=reason.strip(),
        lodged_by=actor,
        lodged_on=today,
        acknowledge_by=today + datetime.timedelta(days=rules["appeal_acknowledge_days"]),
        decide_by=today + datetime.timedelta(days=rules["appeal_decide_days"]),
    )


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor: User, cap: Capacity, uphold: bool, decision: str) -> Appeal:
    if not cap.staff_write:
        raise PermissionDenied
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError(_("This appeal has already been decided."))
    appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.DISMISSED
    appeal.decided_on = timezone.localdate()
    appeal.decision = decision.strip()
    appeal.save()
    if uphold and appeal.signatory.state == State.SUSPENDED:
        signatory_step(
            signatory=appeal.signatory, name="reinstate", actor=actor, cap=cap, note="appeal upheld"
        )
    return appeal


# --- The nightly run -------------------------------------------------------------------------

OVERDUE_NOTICE = 1  # ``last_reminder`` value once the overdue notice went to company and representative


@dataclass
class NightlyResult:
    reminders: dict[int, int]
    overdue_notices: int
    missed: int
    suspended: int


@transaction.atomic
def nightly_run(*, today: datetime.date | None = None) -> NightlyResult:
    """Reminders at 90/60/30/7 days, overdue notices, missed reports after the grace period, and
    suspension after the configured number of missed reports. Idempotent for a given day."""
    from . import tasks

    today = today or timezone.localdate()
    rules = reference.rules()
    days = sorted(rules["reminder_days"], reverse=True)
    grace = datetime.timedelta(days=rules["grace_days"])
    open_reports = AnnualReport.objects.open().filter(signatory__state=State.ACTIVE)

    reminders: dict[int, list[int]] = {d: [] for d in days}
    due_soon = open_reports.filter(
        deadline__gte=today, deadline__lte=today + datetime.timedelta(days=max(days))
    )
    changed = []
    for report in due_soon.only("pk", "deadline", "last_reminder").iterator(chunk_size=2000):
        left = (report.deadline - today).days
        threshold = min(d for d in days if left <= d)
        if report.last_reminder == 0 or threshold < report.last_reminder:
            report.last_reminder = threshold
            reminders[threshold].append(report.pk)
            changed.append(report)
    AnnualReport.objects.bulk_update(changed, ["last_reminder"], batch_size=1000)

    overdue = list(
        open_reports.filter(deadline__lt=today, deadline__gte=today - grace)
        .exclude(last_reminder=OVERDUE_NOTICE)
        .values_list("pk", flat=True)
    )
    AnnualReport.objects.filter(pk__in=overdue).update(last_reminder=OVERDUE_NOTICE)

    missed_qs = open_reports.filter(deadline__lt=today - grace)
    missed = list(missed_qs.values_list("pk", "signatory_id", "deadline"))
    AnnualReport.objects.filter(pk__in=[m[0] for m in missed]).update(status=ReportStatus.MISSED)
    signatory_ids = [m[1] for m in missed]
    Signatory.objects.filter(pk__in=signatory_ids).update(missed_reports=F("missed_reports") + 1)
    suspended = list(
        Signatory.objects.filter(
            pk__in=signatory_ids,
            state=State.ACTIVE,
            missed_reports__gte=rules["missed_reports_before_suspension"],
        ).values_list("pk", flat=True)
    )
    if suspended:
        Transition.objects.bulk_create(
            [
                Transition(
                    signatory_id=pk, from_state=State.ACTIVE, to_state=State.SUSPENDED, note="missed report"
                )
                for pk in suspended
            ],
            batch_size=1000,
        )
        Signatory.objects.filter(pk__in=suspended).update(
            state=State.SUSPENDED, owner=Owner.COMPANY, due_on=None
        )
        certificates_revoke(signatory_ids=suspended, reason=_("suspended: annual report missed"))
    # The next period's report opens for those still active (a missed report does not stop the clock).
    version = current_version()
    still_active = set(signatory_ids) - set(suspended)
    next_reports = [
        AnnualReport(
            signatory_id=sid,
            year=_next_anniversary(deadline, deadline).year,
            version=version,
            deadline=_next_anniversary(deadline, deadline),
        )
        for _pk, sid, deadline in missed
        if sid in still_active
    ]
    AnnualReport.objects.bulk_create(next_reports, ignore_conflicts=True)

    for threshold, ids in reminders.items():
        if ids:
            tasks.send_report_reminders.enqueue(report_ids=ids, days=threshold)
    if overdue:
        tasks.send_overdue_notices.enqueue(report_ids=overdue)
    if suspended:
        tasks.send_suspension_notices.enqueue(signatory_ids=suspended)
    return NightlyResult(
        reminders={d: len(ids) for d, ids in reminders.items()},
        overdue_notices=len(overdue),
        missed=len(missed),
        suspended=len(suspended),
    )
