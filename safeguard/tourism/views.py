from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.accounts.services import security_event_record
from safeguard.countries.models import Country
from safeguard.lib.tabular import TableError, csv_response
from safeguard.lib.views import pdf_download

from . import access, dashboards, imports, services
from .criteria import rubric, rules
from .directory import directory_filters, directory_search
from .forms import (
    AgreementForm,
    AnswerForm,
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    CheckForm,
    CommentForm,
    ImportForm,
    PlanForm,
    ReviewForm,
)
from .models import (
    AnnualReport,
    Answer,
    Appeal,
    Certificate,
    Comment,
    CriteriaVersion,
    Criterion,
    FeeBand,
    PartnerDiscount,
    Recognition,
    ReportStatus,
    Sector,
    Signatory,
    State,
)

# --- Public --------------------------------------------------------------------------------


def _directory_countries() -> list[Country]:
    ids = Signatory.objects.listed().values("country_id").distinct()
    return list(Country.objects.filter(pk__in=ids).order_by("name_en"))


def label_rows(signatories: Any) -> None:
    """Choice labels looked up once per value (``get_FOO_display`` rebuilds the choices per call)."""
    sectors = dict(Sector.choices)
    recognitions = dict(Recognition.choices)
    for s in signatories:
        s.sector_label = sectors.get(s.sector, s.sector)
        s.recognition_label = recognitions.get(s.recognition, "")


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    filters = directory_filters(request.GET)
    page = Paginator(directory_search(**filters), 50).get_page(request.GET.get("page"))
    label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tourism/directory.html",
        {
            "filters": filters,
            "countries": _directory_countries(),
            "sectors": Sector.choices,
            "top_member": Recognition.TOP_MEMBER,
            "page": page,
            "query": query.urlencode(),
        },
    )


@require_GET
def directory_csv(request: HttpRequest) -> HttpResponse:
    rows = (
        (
            s.name,
            s.country.iso2,
            s.city,
            s.get_sector_display(),
            s.get_recognition_display(),
            s.member_since,
            s.website,
        )
        for s in directory_search(**directory_filters(request.GET)).iterator(chunk_size=1000)
    )
    header = ["name", "country", "city", "sector", "recognition", "member_since", "website"]
    return csv_response("code-members.csv", header, rows)


@require_GET
def member(request: HttpRequest, slug: str) -> HttpResponse:
    signatory = get_object_or_404(Signatory.objects.listed().select_related("country"), slug=slug)
    certificate = signatory.certificates.filter(revoked_on__isnull=True).first()
    return render(request, "tourism/member.html", {"signatory": signatory, "certificate": certificate})


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.GET or None)
    results: list[Signatory] | None = None
    if form.is_valid():
        results = list(directory_search(q=form.cleaned_data["name"])[:20])
    return render(request, "tourism/check.html", {"form": form, "results": results})


@require_GET
def criteria(request: HttpRequest) -> HttpResponse:
    versions = CriteriaVersion.objects.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("module", "number"))
    )
    return render(
        request,
        "tourism/criteria.html",
        {
            "versions": versions,
            "bands": FeeBand.objects.all(),
            "discounts": PartnerDiscount.objects.all(),
            "rubric": rubric(),
            "rules": rules(),
        },
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "orphanage_programmes"}
        services.application_submit(data=data)
        return redirect("tourism:apply-done")
    return render(request, "tourism/apply.html", {"form": form})


@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "tourism/apply_done.html")


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = (
        Certificate.objects.select_related("signatory", "signatory__country").filter(code=code).first()
    )
    status = services.certificate_status(certificate) if certificate else "unknown"
    return render(
        request,
        "tourism/verify.html",
        {"certificate": certificate, "status": status, "code": code},
        status=200 if certificate else 404,
    )


# --- Workspaces ----------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = dashboards.dashboard_context(request.user)
    return render(request, "tourism/dashboard.html", context)


@login_required
@require_GET
def signatory(request: HttpRequest, slug: str) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug)
    return render(
        request,
        "tourism/signatory.html",
        {
            "signatory": sig,
            "cap": cap,
            "steps": services.available_steps(sig, cap),
            "transitions": sig.transitions.select_related("actor")[:50],
            "plan_items": sig.plan_items.select_related("criterion"),
            "invoices": sig.invoices.all(),
            "reports": sig.reports.all(),
            "certificates": sig.certificates.all(),
            "appeals": sig.appeals.all(),
            "agreement": getattr(sig, "agreement", None),
            "appeal_form": AppealForm(),
            "decision_form": AppealDecisionForm(),
            "operating_countries": sig.operating_countries.order_by("name_en"),
        },
    )


@login_required
@require_POST
def signatory_step(request: HttpRequest, slug: str) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="any_write")
    name = request.POST.get("step", "")
    try:
        services.signatory_step(
            signatory=sig, name=name, actor=request.user, cap=cap, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": services.STEPS[name].label})
    return redirect(sig.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(
        request.user, slug, need="read" if request.method == "GET" else "any_write"
    )
    items = list(sig.plan_items.select_related("criterion"))
    form = PlanForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(signatory=sig, items=form.items_data(), cap=cap)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The plan is saved."))
        return redirect("tourism:plan", slug=sig.slug)
    editable = sig.state == State.PLANNING and (
        cap.company_write or cap.representative_write or cap.staff_write
    )
    return render(
        request, "tourism/plan.html", {"signatory": sig, "form": form, "editable": editable, "cap": cap}
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(
        request.user, slug, need="read" if request.method == "GET" else "any_write"
    )
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_sign(
                signatory=sig,
                actor=request.user,
                cap=cap,
                request=request,
                **{k: form.cleaned_data[k] for k in ("signer_name", "signer_title", "signed_on")},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(sig.get_absolute_url())
        messages.success(request, _("The agreement is signed. Welcome to The Code!"))
        return redirect(sig.get_absolute_url())
    may_sign = sig.state == State.PAID and (cap.company_write or cap.representative_write)
    return render(
        request,
        "tourism/sign.html",
        {
            "signatory": sig,
            "form": form,
            "may_sign": may_sign,
            "text": services.AGREEMENT_TEXT,
            "version": services.AGREEMENT_VERSION,
            "agreement": getattr(sig, "agreement", None),
        },
    )


def _report(sig: Signatory, year: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("version"), signatory=sig, year=year)
    report.signatory = sig
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The self-assessment: one form per criterion, each saved on its own (save as you go)."""
    sig, cap = access.get_signatory_for_user(
        request.user, slug, need="read" if request.method == "GET" else "company_write"
    )
    rep = _report(sig, year)
    services.report_ensure_answers(rep)
    answers = list(
        rep.answers.select_related("criterion").prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author"))
        )
    )
    if request.method == "POST":
        answer = get_object_or_404(Answer, report=rep, pk=request.POST.get("answer"))
        form = AnswerForm(request.POST, request.FILES, instance=answer, prefix=f"a{answer.pk}")
        if form.is_valid():
            try:
                services.answer_save(
                    answer=answer, cap=cap, data=form.values(), document=form.cleaned_data.get("document")
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Criterion %(number)s saved.") % {"number": answer.criterion.number}
                )
            return redirect(f"{rep.get_absolute_url()}#criterion-{answer.criterion_id}")
        messages.error(
            request,
            _("Please correct the answer to criterion %(number)s.") % {"number": answer.criterion.number},
        )
        forms_by_answer = {
            a.pk: (form if a.pk == answer.pk else AnswerForm(instance=a, prefix=f"a{a.pk}")) for a in answers
        }
    else:
        forms_by_answer = {a.pk: AnswerForm(instance=a, prefix=f"a{a.pk}") for a in answers}
    review_field = (
        "representative_score"
        if rep.status == ReportStatus.SUBMITTED and cap.representative_write
        else "score"
    )
    may_review = (rep.status == ReportStatus.SUBMITTED and (cap.representative_write or cap.staff_write)) or (
        rep.status == ReportStatus.REPRESENTATIVE_REVIEWED and cap.staff_write
    )
    core = [a for a in answers if a.criterion.module == Criterion.Module.CORE]
    return render(
        request,
        "tourism/report.html",
        {
            "signatory": sig,
            "report": rep,
            "cap": cap,
            "rows": [(a, forms_by_answer[a.pk], CommentForm(prefix=f"c{a.pk}")) for a in answers],
            "editable": rep.is_editable and cap.company_write,
            "may_comment": cap.company_write or cap.representative_write or cap.staff_write,
            "may_review": may_review,
            "review_form": ReviewForm(answers=core, field=review_field) if may_review else None,
            "missing": services.report_missing(rep) if rep.is_editable else [],
            "overdue": rep.is_overdue(),
        },
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="company_write")
    rep = _report(sig, year)
    try:
        services.report_submit(report=rep, actor=request.user, cap=cap)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is submitted for review."))
    return redirect(rep.get_absolute_url())


@login_required
@require_POST
def report_review(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="reviewer_write")
    rep = _report(sig, year)
    core = list(rep.answers.filter(criterion__module=Criterion.Module.CORE).select_related("criterion"))
    form = ReviewForm(request.POST, answers=core, field="score")
    if not form.is_valid():
        messages.error(request, _("Choose a decision and valid scores (0 to 3)."))
        return redirect(rep.get_absolute_url())
    try:
        services.report_review(
            report=rep,
            actor=request.user,
            cap=cap,
            scores=form.scores(),
            decision=form.cleaned_data["decision"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The review is recorded."))
    return redirect(rep.get_absolute_url())


@login_required
@require_POST
def report_comment(request: HttpRequest, slug: str, year: int, answer_id: int) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="any_write")
    rep = _report(sig, year)
    answer = get_object_or_404(Answer, report=rep, pk=answer_id)
    form = CommentForm(request.POST, prefix=f"c{answer.pk}")
    if form.is_valid():
        services.comment_add(answer=answer, actor=request.user, cap=cap, body=form.cleaned_data["body"])
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(f"{rep.get_absolute_url()}#criterion-{answer.criterion_id}")


@login_required
@require_GET
def report_document(request: HttpRequest, slug: str, year: int, answer_id: int) -> FileResponse:
    sig, _cap = access.get_signatory_for_user(request.user, slug)
    answer = get_object_or_404(Answer, report__signatory=sig, report__year=year, pk=answer_id)
    if not answer.policy_document:
        raise Http404
    return pdf_download(answer.policy_document, f"{sig.slug}-{year}-policy.pdf")


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from .pdf import certificate_pdf as render_pdf

    sig, _cap = access.get_signatory_for_user(request.user, slug)
    certificate = get_object_or_404(Certificate, signatory=sig, year=year)
    if services.certificate_status(certificate) != "valid":
        raise Http404
    response = HttpResponse(render_pdf(request, certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="code-certificate-{sig.slug}-{year}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def appeal(request: HttpRequest, slug: str) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="company_write")
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the grounds of the appeal."))
        return redirect(sig.get_absolute_url())
    try:
        services.appeal_lodge(signatory=sig, actor=request.user, cap=cap, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your appeal is lodged."))
    return redirect(sig.get_absolute_url())


@login_required
@require_POST
def appeal_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sig, cap = access.get_signatory_for_user(request.user, slug, need="staff_write")
    item = get_object_or_404(Appeal, signatory=sig, pk=pk)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give reasons."))
        return redirect(sig.get_absolute_url())
    try:
        services.appeal_decide(appeal=item, actor=request.user, cap=cap, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appeal is decided."))
    return redirect(sig.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def pipeline(request: HttpRequest) -> HttpResponse:
    """Every signatory the person may see, filtered by state (the leads and onboarding pipeline)."""
    if request.method == "POST":
        return HttpResponse(status=405)
    qs = access.visible_signatories(request.user).select_related("country")
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("due_on", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tourism/pipeline.html",
        {"page": page, "states": State.choices, "state": state, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_members(request: HttpRequest) -> HttpResponse:
    access.check_staff_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = imports.members_validate(upload.read(), filename=upload.name)
        except TableError as exc:
            errors = exc.messages
        else:
            errors = table.errors
            if table.is_clean or form.cleaned_data["good_rows_only"]:
                created, updated = imports.members_import(table, actor=request.user)
                messages.success(
                    request,
                    _("%(created)s members created, %(updated)s updated, %(errors)s rows refused.")
                    % {"created": created, "updated": updated, "errors": len({e.line for e in table.errors})},
                )
                return redirect("tourism:import")
    return render(
        request, "tourism/import.html", {"form": form, "errors": errors, "columns": imports.COLUMNS}
    )


@login_required
@require_GET
def pipeline_csv(request: HttpRequest) -> HttpResponse:
    """The private pipeline with contacts: Secretariat and representatives only; logged as an export."""
    if not (
        access.is_representative(request.user) or access.accounts_access.is_secretariat_staff(request.user)
    ):
        raise Http404
    qs = (
        access.visible_signatories(request.user)
        .select_related("country")
        .annotate(n_reports=Count("reports"))
    )
    security_event_record(kind="export", actor=request.user, request=request, what="code-pipeline")
    rows = (
        (
            s.name,
            s.country.iso2,
            s.get_state_display(),
            s.get_owner_display(),
            s.due_on,
            s.contact_name,
            s.contact_email,
            s.n_reports,
        )
        for s in qs.order_by("name").iterator(chunk_size=1000)
    )
    header = ["name", "country", "state", "next_step_by", "due", "contact", "contact_email", "reports"]
    return csv_response("code-pipeline.csv", header, rows)
