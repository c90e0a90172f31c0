from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.accounts.models import SecurityEvent
from safeguard.accounts.services import security_event_record
from safeguard.lib.tabular import TableError, csv_response
from safeguard.lib.views import pdf_download, run_service

from . import access, directory, imports, services
from .forms import (
    ApplicationForm,
    ChecklistForm,
    ContactForm,
    CoverageForm,
    DecisionForm,
    DirectoryFilterForm,
    DocumentForm,
    ImportForm,
    MessageForm,
    NoteForm,
    OverrideForm,
    RecommendationForm,
    RecordEditForm,
    StatusChangeForm,
    SupportRequestForm,
    TriageForm,
)
from .models import (
    Application,
    Contact,
    CountryCoverage,
    Dues,
    MemberDocument,
    MemberRecord,
    Obligation,
    SupportRequest,
)

# --- Public directory -------------------------------------------------------------------------


@require_GET
def member_directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, countries=directory.directory_countries())
    filters = form.cleaned_data if form.is_valid() else {}
    records = directory.search(**filters)
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "records": records,
            "coverage": directory.coverage_map(),
            "filtered": bool(filters and any(filters.values())),
        },
    )


@require_GET
def member_public(request: HttpRequest, slug: str) -> HttpResponse:
    record = get_object_or_404(
        MemberRecord.objects.listed().select_related("organisation__country", "category"),
        organisation__slug=slug,
    )
    today = timezone.localdate()
    coverage = record.coverage.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related(
        "country"
    )
    documents = record.organisation.network_documents.visible_to_public()
    return render(
        request,
        "network/member.html",
        {
            "record": record,
            "coverage": coverage,
            "documents": documents,
            "may_see_private": access.is_staff(request.user)
            or (
                request.user.is_authenticated
                and access.accounts_access.is_member_of(request.user, record.organisation)
            ),
        },
    )


# --- Admission ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "referees"}
        services.application_submit(data=data, referees=list(form.cleaned_data["referees"]))
        return redirect("network:apply-done")
    return render(request, "network/apply.html", {"form": form})


@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "network/apply_done.html")


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    access.check_staff(request.user)
    step = request.GET.get("step", "")
    applications = Application.objects.select_related("country", "category")
    if step in Application.Step.values:
        applications = applications.filter(step=step)
    return render(
        request,
        "network/applications.html",
        {"applications": applications, "steps": Application.Step.choices, "step": step},
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    application = access.get_application_for_user(request.user, ref)
    return render(
        request,
        "network/application.html",
        {
            "application": application,
            "events": application.events.select_related("actor"),
            "referees": application.referees.all(),
            "may_manage": access.may_manage_network(request.user),
            "checklist_form": ChecklistForm(instance=application),
            "note_form": NoteForm(),
            "recommendation_form": RecommendationForm(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_GET
def application_file(request: HttpRequest, ref: Any, which: str) -> FileResponse:
    application = access.get_application_for_user(request.user, ref)
    if which not in ("statutes", "safeguarding-policy"):
        raise Http404
    field = application.statutes if which == "statutes" else application.safeguarding_policy
    return pdf_download(field, f"application-{application.pk}-{which}.pdf")


@login_required
@require_POST
def application_checklist(request: HttpRequest, ref: Any) -> HttpResponse:
    application = access.get_application_for_user(request.user, ref, write=True)
    form = ChecklistForm(request.POST)
    form.is_valid()
    run_service(
        request,
        lambda: services.application_checklist_update(
            application=application, checks=form.cleaned_data, actor=request.user
        ),
        _("Checklist saved."),
    )
    return redirect("network:application", ref=ref)


@login_required
@require_POST
def application_advance(request: HttpRequest, ref: Any) -> HttpResponse:
    application = access.get_application_for_user(request.user, ref, write=True)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.application_advance(application=application, actor=request.user, note=note),
        _("The application moved to the next step; the applicant was told by email."),
    )
    return redirect("network:application", ref=ref)


@login_required
@require_POST
def application_recommend(request: HttpRequest, ref: Any) -> HttpResponse:
    application = access.get_application_for_user(request.user, ref, write=True)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose admit or reject."))
    else:
        run_service(
            request,
            lambda: services.application_recommend(
                application=application,
                recommendation=form.cleaned_data["recommendation"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
            _("Recommendation recorded."),
        )
    return redirect("network:application", ref=ref)


@login_required
@require_POST
def application_decide(request: HttpRequest, ref: Any) -> HttpResponse:
    application = access.get_application_for_user(request.user, ref, write=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give its reasons."))
    else:
        run_service(
            request,
            lambda: services.application_decide(
                application=application,
                admit=form.cleaned_data["decision"] == "admit",
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
            ),
            _("Decision recorded; the applicant was told by email."),
        )
    return redirect("network:application", ref=ref)


# --- A member's private page --------------------------------------------------------------------


@login_required
@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = access.get_member_organisation_for_user(request.user, slug)
    record = MemberRecord.objects.with_standing().select_related("category").filter(organisation=org).first()
    today = timezone.localdate()
    is_staff = access.is_staff(request.user)
    context: dict[str, Any] = {
        "organisation": org,
        "record": record,
        "today": today,
        "is_staff": is_staff,
        "may_manage": access.may_manage_network(request.user),
        "may_edit": access.may_edit_member(request.user, org),
        "may_ask": access.may_ask_support(request.user, org),
        "contacts": org.network_contacts.all(),
        "documents": org.network_documents.all(),
        "support_requests": org.support_requests.select_related("assigned_to")[:20],
    }
    if record is not None:
        context.update(
            coverage=record.coverage.select_related("country"),
            dues=record.dues.all(),
            obligations=record.obligations.all(),
            changes=record.status_changes.select_related("changed_by", "document") if is_staff else [],
            overrides=record.overrides.select_related("author") if is_staff else [],
            status_form=StatusChangeForm(prefix="status", initial={"effective_on": today}),
            override_form=OverrideForm(prefix="override"),
            coverage_form=CoverageForm(prefix="coverage", initial={"start_date": today}),
            is_secretariat_admin=access.accounts_access.is_secretariat_admin(request.user),
        )
    return render(request, "network/organisation.html", context)


@login_required
@require_POST
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_record_for_staff(request.user, slug, write=True)
    form = StatusChangeForm(request.POST, request.FILES, prefix="status")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("network:organisation", slug=slug)

    def change() -> None:
        document = None
        if form.cleaned_data["document"]:
            document = services.document_upload(
                organisation=record.organisation,
                upload=form.cleaned_data["document"],
                kind=MemberDocument.Kind.DECISION,
                title=_("Status decision"),
                visibility=MemberDocument.Visibility.PRIVATE,
                actor=request.user,
            )
        services.member_status_change(
            record=record,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            effective_on=form.cleaned_data["effective_on"],
            document=document,
        )

    run_service(request, change, _("Status changed."))
    return redirect("network:organisation", slug=slug)


@login_required
@require_POST
def standing_override(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_record_for_staff(request.user, slug, write=True)
    form = OverrideForm(request.POST, prefix="override")
    if not form.is_valid():
        messages.error(request, _("Give the standing and the reason."))
    else:
        run_service(
            request,
            lambda: services.standing_override_add(
                record=record,
                good_standing=form.cleaned_data["good_standing"],
                reason=form.cleaned_data["reason"],
                expires_on=form.cleaned_data["expires_on"],
                actor=request.user,
            ),
            _("Override recorded."),
        )
    return redirect("network:organisation", slug=slug)


@login_required
@require_POST
def dues_paid(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_manager(request.user)
    dues = get_object_or_404(Dues.objects.select_related("record__organisation"), pk=pk)
    run_service(
        request,
        lambda: services.dues_mark_paid(dues=dues, paid_on=timezone.localdate(), actor=request.user),
        _("Dues marked as paid."),
    )
    return redirect("network:organisation", slug=dues.record.organisation.slug)


@login_required
@require_POST
def dues_waiver(request: HttpRequest, pk: int) -> HttpResponse:
    dues = get_object_or_404(Dues.objects.select_related("record__organisation"), pk=pk)
    org = access.get_member_organisation_for_user(request.user, dues.record.organisation.slug, write="edit")
    form = NoteForm(request.POST)
    reason = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.dues_waiver_request(dues=dues, reason=reason, actor=request.user),
        _("Waiver requested; the Secretariat will decide."),
    )
    return redirect("network:organisation", slug=org.slug)


@login_required
@require_POST
def dues_waiver_decide(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_manager(request.user)
    dues = get_object_or_404(Dues.objects.select_related("record__organisation"), pk=pk)
    approve = request.POST.get("approve") == "1"
    run_service(
        request,
        lambda: services.dues_waiver_decide(dues=dues, approve=approve, actor=request.user),
        _("Waiver approved.") if approve else _("Waiver refused."),
    )
    return redirect("network:organisation", slug=dues.record.organisation.slug)


@login_required
@require_POST
def obligation_met(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_manager(request.user)
    obligation = get_object_or_404(Obligation.objects.select_related("record__organisation"), pk=pk)
    run_service(
        request,
        lambda: services.obligation_mark_met(
            obligation=obligation, met_on=timezone.localdate(), actor=request.user
        ),
        _("Obligation marked as met."),
    )
    return redirect("network:organisation", slug=obligation.record.organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_record_for_staff(request.user, slug, write=True)
    form = RecordEditForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.member_record_update(record=record, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("Membership details saved."))
        return redirect("network:organisation", slug=slug)
    return render(request, "network/record_form.html", {"record": record, "form": form})


@login_required
@require_POST
def coverage_add(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_record_for_staff(request.user, slug, write=True)
    form = CoverageForm(request.POST, prefix="coverage")
    if not form.is_valid():
        messages.error(request, _("Choose a country, its role and the start date."))
    else:
        run_service(
            request,
            lambda: services.coverage_add(record=record, actor=request.user, **form.cleaned_data),
            _("Country added."),
        )
    return redirect("network:organisation", slug=slug)


@login_required
@require_POST
def coverage_end(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_manager(request.user)
    coverage = get_object_or_404(CountryCoverage.objects.select_related("record__organisation"), pk=pk)
    run_service(
        request,
        lambda: services.coverage_end(coverage=coverage, end_date=timezone.localdate(), actor=request.user),
        _("Country coverage ended."),
    )
    return redirect("network:organisation", slug=coverage.record.organisation.slug)


# --- Contacts and documents ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    org = access.get_member_organisation_for_user(request.user, slug, write="edit")
    contact = get_object_or_404(Contact, pk=pk, organisation=org) if pk is not None else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in ContactForm.Meta.fields}
        services.contact_save(organisation=org, data=data, actor=request.user, contact=contact)
        messages.success(request, _("Contact saved."))
        return redirect("network:organisation", slug=slug)
    return render(
        request, "network/contact_form.html", {"organisation": org, "form": form, "contact": contact}
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    org = access.get_member_organisation_for_user(request.user, slug, write="edit")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            services.document_upload(organisation=org, upload=upload, actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("network:organisation", slug=slug)
    return render(request, "network/document_form.html", {"organisation": org, "form": form})


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = access.get_document_for_user(request.user, pk)
    return pdf_download(document.file, f"{document.organisation.slug}-{document.kind}-{document.pk}.pdf")


# --- Technical support ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def support_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = access.get_member_organisation_for_user(request.user, slug, write="ask")
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        support = services.support_request_create(
            organisation=org, data=form.cleaned_data, actor=request.user
        )
        messages.success(request, _("Your request was sent to the Secretariat."))
        return redirect("network:support-detail", pk=support.pk)
    return render(request, "network/support_form.html", {"organisation": org, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support = access.get_support_request_for_user(request.user, pk, write=request.method == "POST")
    form = MessageForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.support_message_add(
                support=support, body=form.cleaned_data["body"], actor=request.user
            ),
            _("Message sent."),
        )
    ):
        return redirect("network:support-detail", pk=pk)
    return render(
        request,
        "network/support_detail.html",
        {
            "support": support,
            "thread": support.messages.select_related("author"),
            "form": form,
            "may_write": access.may_ask_support(request.user, support.organisation),
            "may_triage": access.may_manage_network(request.user),
            "triage_form": TriageForm(
                initial={"priority": support.priority, "assigned_to": support.assigned_to_id}
            ),
        },
    )


@login_required
@require_POST
def support_triage(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_manager(request.user)
    support = access.get_support_request_for_user(request.user, pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a priority and a member of staff."))
    else:
        run_service(
            request,
            lambda: services.support_triage(support=support, actor=request.user, **form.cleaned_data),
            _("Request updated."),
        )
    return redirect("network:support-detail", pk=pk)


@login_required
@require_GET
def support_list(request: HttpRequest) -> HttpResponse:
    access.check_staff(request.user)
    state = request.GET.get("state", "open")
    requests = SupportRequest.objects.select_related("organisation", "organisation__country", "assigned_to")
    requests = requests.open() if state == "open" else requests.filter(state=SupportRequest.State.RESOLVED)
    return render(
        request,
        "network/support_list.html",
        {"requests": requests, "state": state, "by_region": directory.support_by_region()},
    )


# --- Secretariat lists, export and import -------------------------------------------------------


@login_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    access.check_staff(request.user)
    records = (
        MemberRecord.objects.with_standing()
        .select_related("organisation", "organisation__country", "category")
        .order_by("organisation__name")
    )
    status = request.GET.get("status", "")
    if status in dict(MemberRecord._meta.get_field("status").choices):
        records = records.filter(status=status)
    counts = dict(MemberRecord.objects.values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "network/records.html",
        {
            "records": records,
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0))
                for value, label in MemberRecord._meta.get_field("status").choices
            ],
            "open_applications": Application.objects.open().count(),
        },
    )


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    access.check_staff(request.user)
    security_event_record(
        kind=SecurityEvent.Kind.EXPORT, actor=request.user, request=request, what="network members"
    )
    return csv_response("network-members.csv", directory.EXPORT_HEADER, directory.export_rows())


@login_required
@require_http_methods(["GET", "POST"])
def import_members(request: HttpRequest) -> HttpResponse:
    access.check_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.member_list_import(
                upload.read(),
                filename=upload.name,
                good_rows_only=form.cleaned_data["good_rows_only"],
                actor=request.user,
            )
        except TableError as exc:
            form.add_error("file", exc)
    return render(request, "network/import.html", {"form": form, "report": report})
