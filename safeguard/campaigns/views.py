from __future__ import annotations

import json
import time

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.accounts.models import SecurityEvent
from safeguard.accounts.services import security_event_record
from safeguard.lib.net import client_ip
from safeguard.lib.tabular import TableError, csv_response

from . import access, paper, pdf, services
from .forms import (
    HandoverForm,
    InvalidationForm,
    KeyedBatchForm,
    SignForm,
    TallyBatchForm,
    language_choice,
)
from .models import ActionPage, Campaign, CountryChapter, Invalidation, PaperBatch, Petition, Signature

# Embeds may be framed by any site (the widget is the point); everything else keeps DENY.
EMBED_CSP = {"frame-ancestors": ["*"]}


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.public().select_related("owner").prefetch_related("petitions__texts")
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, slug)
    petitions = list(campaign.petitions.prefetch_related("texts"))
    chapters = campaign.chapters.select_related("country", "lead").prefetch_related("targets")
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "petitions": [(p, p.text_for(), services.petition_counts(p.pk)) for p in petitions],
            "chapters": chapters,
            "partners": campaign.partners.all(),
            "may_run": access.may_run_campaigns(request.user),
        },
    )


def _petition_context(
    request: HttpRequest, petition: Petition, form: SignForm, page: ActionPage | None
) -> dict:
    return {
        "petition": petition,
        "text": petition.text_for(page.language if page else None),
        "counts": services.petition_counts(petition.pk),
        "form": form,
        "action_page": page,
        "sign_url": reverse("campaigns:action-sign", args=[page.slug])
        if page
        else reverse("campaigns:petition-sign", args=[petition.slug]),
        "may_run": access.may_run_campaigns(request.user),
    }


@require_GET
def petition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug)
    context = _petition_context(request, petition, SignForm(), None)
    return render(request, "campaigns/petition_detail.html", context)


@require_GET
def action_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = access.get_action_page_for_user(request.user, slug)
    form = SignForm(share_with=page.organisation.name)
    context = _petition_context(request, page.petition, form, page)
    return render(request, "campaigns/petition_detail.html", context)


def _sign(
    request: HttpRequest, petition: services.SigningPetition, page: ActionPage | None, slug: str
) -> HttpResponse:
    form = SignForm(request.POST, share_with=page.organisation.name if page else None)
    if not petition.is_open or not form.is_valid():
        if not petition.is_open:
            form.add_error(None, _("This petition is closed."))
        full = access.get_petition_for_user(request.user, slug)
        context = _petition_context(request, full, form, page)
        return render(request, "campaigns/petition_detail.html", context, status=400)
    data = form.cleaned_data
    country_id = services.country_id_for(data["country"])
    if country_id is None:
        raise Http404
    services.signature_create(
        petition_id=petition.pk,
        consent_version=petition.consent_version,
        data=services.SignInput(
            name=data["name"],
            email=data["email"],
            country_id=country_id,
            consent_count=data["consent_count"],
            consent_news=data["consent_news"],
            consent_share=bool(data.get("consent_share")),
            language=page.language if page else language_choice(),
            action_page_id=page.pk if page else None,
        ),
        ip=client_ip(request),
        suspicious=form.bot_reason(time.time(), services.FORM_MIN_SECONDS, services.FORM_MAX_SECONDS),
    )
    return HttpResponseRedirect(reverse("campaigns:petition-thanks", args=[slug]), status=303)


# Signing is anonymous and double opt-in: the form's signed clock token, not a session cookie,
# ties the POST to a form we served, so the form also works embedded in other sites.
@csrf_exempt
@require_POST
def petition_sign(request: HttpRequest, slug: str) -> HttpResponse:
    # The hot path: the petition comes from the cache, so a signature costs one INSERT.
    petition = services.signing_petition(slug)
    if petition is None:
        raise Http404
    return _sign(request, petition, None, slug)


@csrf_exempt
@require_POST
def action_sign(request: HttpRequest, slug: str) -> HttpResponse:
    page = access.get_action_page_for_user(request.user, slug)
    petition = page.petition
    signing = services.SigningPetition(petition.pk, petition.is_open, petition.consent_version)
    return _sign(request, signing, page, petition.slug)


@require_GET
def petition_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug)
    return render(request, "campaigns/thanks.html", {"petition": petition, "text": petition.text_for()})


@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only its POST confirms, so mail scanners following links do nothing."""
    if request.method == "POST":
        outcome = services.signature_confirm(token=token)
        status = (
            200 if outcome in {services.ConfirmOutcome.CONFIRMED, services.ConfirmOutcome.ALREADY} else 404
        )
        signature = services.signature_for_token(token) if status == 200 else None
        return render(
            request,
            "campaigns/confirmed.html",
            {"outcome": outcome, "petition": signature.petition if signature else None},
            status=status,
        )
    signature = services.signature_for_token(token)
    if signature is None:
        raise Http404
    return render(
        request,
        "campaigns/confirm.html",
        {"petition": signature.petition, "text": signature.petition.text_for(), "token": token},
    )


@require_http_methods(["GET", "POST"])
def signature_remove(request: HttpRequest, token: str) -> HttpResponse:
    signature = services.signature_from_link(token)
    if signature is None:
        raise Http404
    not_me = request.GET.get("not_me") == "1" or request.POST.get("not_me") == "1"
    if request.method == "POST":
        petition = signature.petition
        services.signature_remove(signature=signature, not_me=not_me)
        return render(request, "campaigns/removed.html", {"petition": petition, "not_me": not_me})
    return render(
        request,
        "campaigns/remove.html",
        {
            "petition": signature.petition,
            "text": signature.petition.text_for(),
            "token": token,
            "not_me": not_me,
        },
    )


@require_GET
def signature_data(request: HttpRequest, token: str) -> HttpResponse:
    signature = services.signature_from_link(token)
    if signature is None:
        raise Http404
    data = services.signature_data(signature)
    if request.GET.get("format") == "json":
        response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="my-signature.json"'
        return response
    return render(request, "campaigns/my_data.html", {"data": data, "token": token})


@xframe_options_exempt
@csp_replace(EMBED_CSP)
@require_GET
def embed_counter(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug)
    response = render(
        request,
        "campaigns/embed_counter.html",
        {"petition": petition, "text": petition.text_for(), "counts": services.petition_counts(petition.pk)},
    )
    patch_cache_control(response, public=True, max_age=services.COUNTS_CACHE_SECONDS)
    return response


@xframe_options_exempt
@csp_replace(EMBED_CSP)
@require_GET
def embed_sign(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug)
    return render(
        request,
        "campaigns/embed_sign.html",
        {
            "petition": petition,
            "text": petition.text_for(),
            "form": SignForm(),
            "sign_url": reverse("campaigns:petition-sign", args=[petition.slug]),
        },
    )


# --- Member organisations ---------------------------------------------------------------------


@login_required
@require_GET
def action_signers(request: HttpRequest, slug: str) -> HttpResponse:
    page = access.get_action_page_for_user(request.user, slug, private=True)
    signatures = (
        Signature.objects.filter(action_page=page, status=Signature.Status.CONFIRMED)
        .select_related("country")
        .only(
            "name",
            "email",
            "consent_share",
            "created_at",
            "country__iso2",
            "country__name_en",
            "country__name_fr",
            "country__name_es",
        )
        .order_by("-created_at")
    )
    listing = Paginator(signatures, 50).get_page(request.GET.get("page"))
    return render(request, "campaigns/action_signers.html", {"page": page, "listing": listing})


# --- Secretariat: running a petition -------------------------------------------------------------


@login_required
@require_GET
def petition_manage(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug, manage=True)
    return render(
        request,
        "campaigns/petition_manage.html",
        {
            "petition": petition,
            "text": petition.text_for(),
            "counts": services.petition_counts(petition.pk),
            "alarms": services.country_share_alarms(petition.pk),
            "trends": services.trending(petition.pk),
            "batches": petition.paper_batches.select_related("country")[:50],
            "invalidations": petition.invalidations.select_related("created_by")[:20],
            "chapters": petition.campaign.chapters.select_related("country"),
            "quarantined": petition.signatures.filter(status=Signature.Status.QUARANTINED).count(),
            "may_change": access.may_change_campaigns(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_tally(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug, manage=True)
    form = TallyBatchForm(request.POST or None)
    if request.method == "POST":
        access.check_campaign_staff(request.user, write=True)
        if form.is_valid():
            batch = paper.batch_create_tally(petition=petition, data=form.batch_data(), actor=request.user)
            messages.success(request, _("The batch is recorded and waits for approval."))
            return redirect("campaigns:paper-batch", pk=batch.pk)
    return render(request, "campaigns/paper_form.html", {"petition": petition, "form": form, "keyed": False})


@login_required
@require_http_methods(["GET", "POST"])
def paper_keyed(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug, manage=True)
    form = KeyedBatchForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        access.check_campaign_staff(request.user, write=True)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch, report = paper.batch_create_keyed(
                    petition=petition,
                    data=form.batch_data(),
                    content=upload.read(),
                    filename=upload.name,
                    actor=request.user,
                )
            except (TableError, ValidationError) as exc:
                form.add_error("file", exc)
            else:
                if batch is not None:
                    messages.success(request, _("The file is valid; the batch waits for approval."))
                    return redirect("campaigns:paper-batch", pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "campaigns/paper_form.html",
        {"petition": petition, "form": form, "keyed": True, "report": report},
        status=status,
    )


@login_required
@require_GET
def paper_batch(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_campaign_staff(request.user)
    batch = get_object_or_404(PaperBatch.objects.select_related("petition", "country", "created_by"), pk=pk)
    return render(
        request,
        "campaigns/paper_batch.html",
        {"batch": batch, "may_change": access.may_change_campaigns(request.user)},
    )


@login_required
@require_POST
def paper_approve(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_campaign_staff(request.user, write=True)
    batch = get_object_or_404(PaperBatch, pk=pk)
    paper.batch_approve(batch=batch, actor=request.user)
    messages.success(request, _("The batch is approved; its signatures count from the next fold."))
    return redirect("campaigns:paper-batch", pk=batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invalidation_new(request: HttpRequest, slug: str) -> HttpResponse:
    petition = access.get_petition_for_user(request.user, slug, manage=True)
    form = InvalidationForm(request.POST or None)
    preview = None
    if request.method == "POST":
        access.check_campaign_staff(request.user, write=True)
        if form.is_valid():
            conditions = form.conditions()
            preview = services.invalidation_queryset(petition, conditions).count()
            reason = form.cleaned_data["reason"].strip()
            if request.POST.get("action") == "run":
                if not reason:
                    form.add_error("reason", _("Write why these signatures are invalidated."))
                else:
                    invalidation = services.invalidation_create(
                        petition=petition, conditions=conditions, reason=reason, actor=request.user
                    )
                    return redirect("campaigns:invalidation-detail", pk=invalidation.pk)
    return render(
        request, "campaigns/invalidation_form.html", {"petition": petition, "form": form, "preview": preview}
    )


@login_required
@require_GET
def invalidation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_campaign_staff(request.user)
    invalidation = get_object_or_404(Invalidation.objects.select_related("petition", "created_by"), pk=pk)
    return render(
        request,
        "campaigns/invalidation_detail.html",
        {"invalidation": invalidation, "may_change": access.may_change_campaigns(request.user)},
    )


@login_required
@require_POST
def invalidation_undo(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_campaign_staff(request.user, write=True)
    invalidation = get_object_or_404(Invalidation, pk=pk)
    restored = services.invalidation_undo(invalidation=invalidation, actor=request.user)
    messages.success(request, _("%(count)s signatures are back as they were.") % {"count": restored})
    return redirect("campaigns:invalidation-detail", pk=pk)


# --- Secretariat: chapters and handovers ----------------------------------------------------------


def _chapter(request: HttpRequest, pk: int) -> CountryChapter:
    access.check_campaign_staff(request.user)
    return get_object_or_404(CountryChapter.objects.select_related("campaign", "country", "lead"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = _chapter(request, pk)
    form = HandoverForm(request.POST or None, chapter=chapter)
    if request.method == "POST":
        access.check_campaign_staff(request.user, write=True)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "target"}
            try:
                services.handover_record(
                    chapter=chapter, target=form.cleaned_data["target"], data=data, actor=request.user
                )
            except IntegrityError:
                form.add_error(None, _("This handover could not be recorded."))
            else:
                messages.success(request, _("The handover is recorded."))
                return redirect("campaigns:chapter-detail", pk=pk)
    petitions = list(chapter.campaign.petitions.all())
    counts = []
    for petition in petitions:
        row = next(
            (
                c
                for c in services.petition_counts(petition.pk)["countries"]
                if c["country"] == chapter.country.iso2
            ),
            {"online": 0, "paper": 0, "total": 0},
        )
        counts.append((petition, row))
    return render(
        request,
        "campaigns/chapter_detail.html",
        {
            "chapter": chapter,
            "targets": chapter.targets.all(),
            "handovers": chapter.handovers.select_related("target"),
            "counts": counts,
            "form": form,
            "may_change": access.may_change_campaigns(request.user),
            "retention_due": services.campaign_retention_due(chapter.campaign),
        },
    )


@login_required
@require_GET
def handover_pdf(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    chapter = _chapter(request, pk)
    target_obj = get_object_or_404(chapter.targets, pk=target)
    content = pdf.handover_pack(chapter, target_obj)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="handover-{chapter.country.iso2.lower()}-{target}.pdf"'
    )
    return response


@login_required
@require_GET
def handover_csv(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = _chapter(request, pk)
    petition = chapter.campaign.petitions.order_by("pk").first()
    if petition is None:
        raise Http404
    security_event_record(
        kind=SecurityEvent.Kind.EXPORT,
        actor=request.user,
        request=request,
        what="campaign handover signatures",
        chapter=chapter.pk,
    )
    return csv_response(
        f"signatures-{chapter.campaign.slug}-{chapter.country.iso2.lower()}.csv",
        [_("number"), _("name"), _("date"), _("channel"), _("language")],
        services.handover_rows(petition.pk, chapter.country_id),
    )
