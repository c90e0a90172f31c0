"""Emails of the network app, sent in the background, each in its reader's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from safeguard.accounts.models import Membership, Organisation

from .models import Application, MemberDocument, Obligation, SupportRequest


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def application_message(application: Application) -> tuple[str, str]:
    """Subject and body of the email the applicant gets at the application's current step."""
    Step = Application.Step
    texts = {
        Step.SUBMITTED: _("We received your application. The Secretariat will now review it."),
        Step.DUE_DILIGENCE: _("The Secretariat started the due diligence of your application."),
        Step.CONSULTATION: _(
            "Your application is now in regional consultation with the members of your region."
        ),
        Step.RECOMMENDATION: _("Your application goes to the International Board for its recommendation."),
        Step.ADMITTED: _("Your organisation has been admitted to the network as a provisional member."),
        Step.REJECTED: _("We are sorry: your application was not accepted."),
    }
    subject = _("Your application to join the network: %(step)s") % {"step": application.get_step_display()}
    lines = [
        _("Dear %(name)s,") % {"name": application.contact_name},
        "",
        _("Application of %(organisation)s.") % {"organisation": application.name},
        str(texts[Step(application.step)]),
    ]
    if application.step in (Step.ADMITTED, Step.REJECTED):
        lines += ["", _("Reasons:"), application.decision_reasons]
    lines += ["", _("The International Secretariat")]
    return subject, "\n".join(lines) + "\n"


@task()
def send_application_email(*, application_id: int, step: str) -> None:
    """Tell the applicant where their application stands (skipped if it moved on since)."""
    application = Application.objects.filter(pk=application_id, step=step).first()
    if application is None:
        return
    with translation.override(application.language):
        subject, body = application_message(application)
    send_mail(subject, body, None, [application.contact_email])


def _admins_of(organisation: Organisation) -> list[tuple[str, str]]:
    return list(
        Membership.objects.filter(
            organisation=organisation, role__in=["owner", "admin"], user__is_active=True
        ).values_list("user__email", "user__language")
    )


def _secretariat_admins() -> list[tuple[str, str]]:
    return list(
        Membership.objects.filter(
            organisation__kind=Organisation.Kind.SECRETARIAT,
            role__in=["owner", "admin"],
            user__is_active=True,
        ).values_list("user__email", "user__language")
    )


@task()
def send_obligation_email(*, obligation_id: int, escalation: bool) -> None:
    """A reminder to the member's administrators before an obligation falls due, or, once it is
    overdue, an escalation to them and the Secretariat's administrators."""
    obligation = Obligation.objects.select_related("record__organisation").filter(pk=obligation_id).first()
    if obligation is None or obligation.met_on is not None:
        return
    organisation = obligation.record.organisation
    recipients = _admins_of(organisation) + (_secretariat_admins() if escalation else [])
    for email, language in recipients:
        with translation.override(language):
            params = {
                "obligation": obligation.get_kind_display(),
                "organisation": organisation.name,
                "date": obligation.due_on.isoformat(),
            }
            if escalation:
                subject = _("Overdue: %(obligation)s of %(organisation)s") % params
                body = (
                    _("The %(obligation)s of %(organisation)s was due on %(date)s and is overdue.") % params
                )
            else:
                subject = _("Reminder: %(obligation)s due on %(date)s") % params
                body = _("The %(obligation)s of %(organisation)s is due on %(date)s.") % params
        send_mail(subject, body + "\n", None, [email])


@task()
def send_support_email(*, request_id: int, event: str) -> None:
    """Tell the asker's organisation (new message, resolution) or the Secretariat (new request)."""
    support = (
        SupportRequest.objects.select_related("organisation", "created_by").filter(pk=request_id).first()
    )
    if support is None:
        return
    if event == "created":
        recipients = _secretariat_admins()
    else:
        recipients = _admins_of(support.organisation)
        if support.created_by is not None:
            recipients.append((support.created_by.email, support.created_by.language))
    link = _site_url(reverse("network:support-detail", args=[support.pk]))
    for email, language in dict(recipients).items():
        with translation.override(language):
            subject = _("Support request: %(subject)s") % {"subject": support.subject}
            texts = {
                "created": _("%(organisation)s asks for technical support."),
                "message": _("There is a new message about the request of %(organisation)s."),
                "resolved": _("The request of %(organisation)s is resolved."),
            }
            body = texts[event] % {"organisation": support.organisation.name}
        send_mail(subject, f"{body}\n\n{link}\n", None, [email])


@task()
def send_document_expiry_email(*, document_id: int) -> None:
    """Tell the organisation's administrators that one of its documents expires soon."""
    document = MemberDocument.objects.select_related("organisation").filter(pk=document_id).first()
    if document is None or document.valid_until is None:
        return
    for email, language in _admins_of(document.organisation):
        with translation.override(language):
            params = {"title": document.title, "date": document.valid_until.isoformat()}
            subject = _("Document expiring: %(title)s") % params
            body = _("“%(title)s” is valid until %(date)s. Please upload the new version.") % params
        send_mail(subject, body + "\n", None, [email])
