"""Mails of The Code's reminder engine; the nightly command (``code_nightly``) enqueues them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django_tasks import task

from safeguard.accounts.models import Membership

from .models import AnnualReport, Representative, Signatory


def _company_emails(organisation_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    for org_id, email in Membership.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "user__email"
    ):
        emails.setdefault(org_id, []).append(email)
    return emails


def _representative_emails(country_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    rows = Representative.countries.through.objects.filter(country_id__in=country_ids).values_list(
        "country_id", "representative__organisation_id"
    )
    by_org: dict[int, list[int]] = {}
    for country_id, org_id in rows:
        by_org.setdefault(org_id, []).append(country_id)
    for org_id, people in _company_emails(set(by_org)).items():
        for country_id in by_org[org_id]:
            emails.setdefault(country_id, []).extend(people)
    return emails


def _report_mails(report_ids: list[int], subject: str, body: str, *, copy_representative: bool) -> int:
    reports = list(
        AnnualReport.objects.filter(pk__in=report_ids)
        .select_related("signatory")
        .only(
            "pk",
            "year",
            "deadline",
            "signatory__slug",
            "signatory__name",
            "signatory__organisation_id",
            "signatory__country_id",
        )
    )
    companies = _company_emails({r.signatory.organisation_id for r in reports if r.signatory.organisation_id})
    representatives = (
        _representative_emails({r.signatory.country_id for r in reports}) if copy_representative else {}
    )
    messages = []
    for report in reports:
        to = companies.get(report.signatory.organisation_id, []) + representatives.get(
            report.signatory.country_id, []
        )
        if not to:
            continue
        text = body % {
            "company": report.signatory.name,
            "deadline": report.deadline.isoformat(),
            "url": settings.SITE_URL.rstrip("/") + report.get_absolute_url(),
        }
        messages.append((subject, text, None, to))
    return send_mass_mail(messages, fail_silently=False)


@task()
def send_report_reminders(*, report_ids: list[int], days: int) -> int:
    """The reminder N days before the annual report's deadline, to the company's people."""
    subject = _("The Code: your annual report is due in %(days)s days") % {"days": days}
    body = _("The annual report of %(company)s is due on %(deadline)s.\n\n%(url)s")
    return _report_mails(report_ids, subject, body, copy_representative=False)


@task()
def send_overdue_notices(*, report_ids: list[int]) -> int:
    """Overdue: the company and its Local Code Representative hear of it (escalation)."""
    subject = _("The Code: an annual report is overdue")
    body = _(
        "The annual report of %(company)s was due on %(deadline)s. Without it the membership is suspended "
        "at the end of the grace period.\n\n%(url)s"
    )
    return _report_mails(report_ids, subject, body, copy_representative=True)


@task()
def send_suspension_notices(*, signatory_ids: list[int]) -> int:
    signatories = list(Signatory.objects.filter(pk__in=signatory_ids).only("pk", "name", "organisation_id"))
    emails = _company_emails({s.organisation_id for s in signatories if s.organisation_id})
    subject = _("The Code: your membership is suspended")
    messages = [
        (
            subject,
            _(
                "The membership of %(company)s is suspended because an annual report was missed. "
                "You may appeal."
            )
            % {"company": s.name},
            None,
            emails[s.organisation_id],
        )
        for s in signatories
        if s.organisation_id in emails
    ]
    return send_mass_mail(messages, fail_silently=False)
