from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Membership


@task()
def send_role_changed_email(*, membership_id: int) -> None:
    """Tell a member that their role changed (a membership deleted since then needs no mail)."""
    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    if membership is None:
        return
    with translation.override(membership.user.language):
        context = {"membership": membership}
        subject = render_to_string("accounts/email/role_changed_subject.txt", context).strip()
        body = render_to_string("accounts/email/role_changed_body.txt", context)
    send_mail(subject, body, None, [membership.user.email])
