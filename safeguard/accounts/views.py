from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access, services
from .forms import RoleForm
from .models import Membership, SecurityEvent


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related(
        "organisation", "organisation__country"
    )
    return render(request, "accounts/dashboard.html", {"memberships": memberships})


@login_required
@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = access.get_organisation_for_user(request.user, slug)
    memberships = org.memberships.select_related("user").order_by("user__full_name", "user__email")
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": org,
            "memberships": memberships,
            "may_manage_roles": access.may_manage_roles(request.user, org),
            "roles": Membership.Role.choices,
        },
    )


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = access.get_organisation_for_user(request.user, slug, manage_roles=True)
    membership = get_object_or_404(Membership, pk=pk, organisation=org)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect(org.get_absolute_url())
    try:
        services.membership_set_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The role of %(person)s is now %(role)s.")
            % {
                "person": membership.user,
                "role": Membership.Role(form.cleaned_data["role"]).label,
            },
        )
    return redirect(org.get_absolute_url())


@login_required
@require_GET
def security_events(request: HttpRequest) -> HttpResponse:
    access.check_security_log_access(request.user)
    events = SecurityEvent.objects.select_related("user", "actor", "organisation")
    kind = request.GET.get("kind", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/security_events.html",
        {"page": page, "kinds": SecurityEvent.Kind.choices, "kind": kind},
    )
