from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.countries.models import Country
from safeguard.lib.tabular import TableError, csv_response
from safeguard.lib.worldmap import map_legend, world_map

from . import access, exports, reports, services
from .charts import bar_chart
from .forms import (
    AnswerForm,
    CitationForm,
    CorrectionForm,
    ImportForm,
    NarrativeForm,
    TransitionForm,
    WeightsForm,
)
from .models import Answer, Citation, Narrative, Review, Score, Snapshot, SubIndicator

BAND_LEVEL = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}


def _snapshot(edition_slug: str, iso2: str) -> Snapshot:
    snapshot = (
        reports.current_snapshots()
        .select_related("assessment__edition__framework")
        .filter(assessment__edition__slug=edition_slug, assessment__country__iso2=iso2.upper())
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def _shown(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.1f}"


def _level(value: float | None) -> int | None:
    if value is None:
        return None
    return min(5, int(value // 20) + 1) if value > 0 else 0


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    edition = reports.edition_or_latest(request.GET.get("edition"))
    if edition is None:
        return render(request, "monitoring/index.html", {"edition": None, "editions": []})
    defaults = {k: float(v) for k, v in edition.framework.parameters["pillar_weights"].items()}
    pillars = list(defaults)
    weights_form = WeightsForm(request.GET or None, pillars=pillars, defaults=defaults)
    weights = None
    if request.GET and weights_form.is_valid():
        chosen = {code: weights_form.cleaned_data.get(code) for code in pillars}
        if any(v is not None for v in chosen.values()):
            weights = {
                code: float(chosen[code] if chosen[code] is not None else defaults[code]) for code in pillars
            }
            if sum(weights.values()) <= 0:
                weights = None
    metric = request.GET.get("metric", "overall")
    if metric not in ["overall", *pillars]:
        metric = "overall"
    ranking = reports.ranking(edition, weights)

    def metric_value(row: reports.RankRow) -> float | None:
        return row.overall if metric == "overall" else row.pillars.get(metric)

    levels = {r.iso2: lvl for r in ranking.rows if (lvl := _level(metric_value(r))) is not None}
    labels = {r.iso2: f"{r.country}: {_shown(metric_value(r))}" for r in ranking.rows}
    links = {r.iso2: reverse("monitoring:report", args=[edition.slug, r.iso2.lower()]) for r in ranking.rows}
    world = world_map(
        levels, title=_("Map of scores: %(metric)s") % {"metric": metric}, labels=labels, links=links
    )
    legend = map_legend(
        [
            (0, "0"),
            (1, "0\u201320"),
            (2, "20\u201340"),
            (3, "40\u201360"),
            (4, "60\u201380"),
            (5, "80\u2013100"),
            (None, _("not assessed")),
        ]
    )
    context = {
        "edition": edition,
        "editions": reports.public_editions(),
        "ranking": ranking,
        "world": world,
        "legend": legend,
        "metric": metric,
        "pillars": pillars,
        "weights_form": weights_form,
        "countries": [(r.iso2, r.country) for r in sorted(ranking.rows, key=lambda r: r.country)],
    }
    return render(request, "monitoring/index.html", context)


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    edition = reports.edition_or_latest(request.GET.get("edition"))
    if edition is None:
        raise Http404
    chosen = [c.upper() for c in request.GET.getlist("country")][:6]
    ranking = reports.ranking(edition)
    rows = [r for r in ranking.rows if r.iso2 in chosen]
    charts = [
        (
            row,
            bar_chart(
                [(code, row.pillars.get(code), "") for code in ranking.pillar_codes],
                title=_("Pillar scores of %(country)s") % {"country": row.country},
            ),
        )
        for row in rows
    ]
    context = {
        "edition": edition,
        "ranking": ranking,
        "rows": rows,
        "charts": charts,
        "chosen": chosen,
        "countries": sorted(ranking.rows, key=lambda r: r.country),
    }
    return render(request, "monitoring/compare.html", context)


def _report_context(request: HttpRequest, snapshot: Snapshot) -> dict[str, Any]:
    context = reports.report_context(snapshot)
    assessment = snapshot.assessment
    data = context["data"]
    chart_rows = [
        (
            p["pillar"]["code"] + " " + p["pillar"]["title"],
            (p["score"] or {}).get("value"),
            (p["score"] or {}).get("band"),
        )
        for p in context["pillars"]
    ]
    context.update(
        {
            "snapshot": snapshot,
            "assessment": assessment,
            "edition": assessment.edition,
            "country": assessment.country,
            "chart": bar_chart(chart_rows, title=_("Pillar scores")),
            "errata": list(assessment.errata.all()),
            "overall": data["overall"],
            "weights": assessment.edition.framework.parameters["pillar_weights"],
            "bands": assessment.edition.framework.parameters["bands"],
            "red_flags": [
                f
                for f in assessment.edition.framework.parameters["red_flags"]
                if f["code"] in data["red_flags"]
            ],
        }
    )
    return context


@require_GET
def report(request: HttpRequest, edition: str, iso2: str) -> HttpResponse:
    snapshot = _snapshot(edition, iso2)
    return render(request, "monitoring/report.html", _report_context(request, snapshot))


@require_GET
def report_pdf(request: HttpRequest, edition: str, iso2: str) -> HttpResponse:
    from safeguard.lib.pdf import render_pdf

    snapshot = _snapshot(edition, iso2)
    html = render_to_string("monitoring/report_pdf.html", _report_context(request, snapshot), request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{edition}-{iso2.lower()}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    edition = reports.edition_or_latest(request.GET.get("edition"))
    from .framework import ensure_current_framework

    version = edition.framework if edition else ensure_current_framework()
    context = {"version": version, "tree": reports.framework_tree(version), "params": version.parameters}
    return render(request, "monitoring/methodology.html", context)


@require_GET
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/data.html", {"editions": reports.public_editions()})


@require_GET
def export_csv(request: HttpRequest, name: str) -> HttpResponse:
    if name not in exports.RESOURCES:
        raise Http404
    edition = reports.edition_or_latest(request.GET["edition"]) if request.GET.get("edition") else None
    return csv_response(f"{name}.csv", exports.RESOURCES[name], exports.rows_for(name, edition))


@require_GET
def export_xlsx(request: HttpRequest) -> FileResponse:
    edition = reports.edition_or_latest(request.GET["edition"]) if request.GET.get("edition") else None
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    exports.write_xlsx(target, edition)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename="monitoring.xlsx")


@require_GET
def datapackage(request: HttpRequest) -> HttpResponse:
    return HttpResponse(exports.datapackage_json(), content_type="application/json")


# --- workspace ---------------------------------------------------------------------------------


@login_required
@require_GET
def assessments(request: HttpRequest) -> HttpResponse:
    if not access.may_see_workspace(request.user):
        raise Http404
    queryset = access.visible_assessments(request.user).order_by("-edition__year", "country__iso2")
    state = request.GET.get("state", "")
    if state:
        queryset = queryset.filter(state=state)
    context = {
        "assessments": list(queryset[:300]),
        "state": state,
        "states": services.State.choices,
        "may_review": access.may_review(request.user),
    }
    return render(request, "monitoring/assessments.html", context)


@login_required
@require_GET
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk)
    answers = {
        a.sub_indicator_id: a
        for a in Answer.objects.filter(assessment=item, coder=Answer.Coder.A).annotate(
            n_citations=Count("citations")
        )
    }
    subs = SubIndicator.objects.filter(framework=item.edition.framework).select_related("indicator__pillar")
    pillars: dict[str, dict[str, Any]] = {}
    for sub in subs:
        pillar = sub.indicator.pillar
        entry = pillars.setdefault(pillar.code, {"pillar": pillar, "rows": []})
        entry["rows"].append((sub, answers.get(sub.pk)))
    scores = {
        (s.level, s.code): s for s in Score.objects.filter(assessment=item, level__in=["overall", "pillar"])
    }
    for code, entry in pillars.items():
        entry["score"] = scores.get(("pillar", code))
    pairs, percent, kappa = services.agreement_for(item)
    context = {
        "assessment": item,
        "pillars": list(pillars.values()),
        "overall": scores.get(("overall", "overall")),
        "gaps": services.evidence_gaps(item) if item.state in services.CODER_A_EDITABLE else [],
        "actions": services.available_actions(request.user, item),
        "reviews": Review.objects.filter(assessment=item).select_related("actor"),
        "errata": item.errata.all(),
        "may_draft": access.may_draft_assessment(request.user, item)
        and item.state in services.CODER_A_EDITABLE,
        "may_review": access.may_review(request.user),
        "agreement": {"pairs": pairs, "percent": percent, "kappa": kappa},
        "narratives": {n.code: n for n in Narrative.objects.filter(assessment=item)},
    }
    return render(request, "monitoring/assessment.html", context)


def _sub_for(item: Any, code: str) -> SubIndicator:
    return get_object_or_404(SubIndicator, framework=item.edition.framework_id, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk, write=request.method == "POST")
    sub = _sub_for(item, code)
    coder = (
        Answer.Coder.B
        if request.GET.get("coder") == "b" or request.POST.get("coder") == "b"
        else Answer.Coder.A
    )
    current = (
        Answer.objects.filter(assessment=item, sub_indicator=sub, coder=coder)
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.order_by("pk")))
        .first()
    )
    initial = {}
    if current is not None:
        initial = {
            "value": current.value,
            "number": current.number,
            "date": current.date,
            "checked": current.checked,
            "justification": current.justification,
            "confidence": current.confidence,
            "as_of": current.as_of,
        }
    form = AnswerForm(request.POST if request.method == "POST" else None, sub=sub, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(
                assessment=item, sub=sub, actor=request.user, data=form.answer_data(), coder=coder
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Answer saved; scores recomputed."))
            return redirect(
                reverse("monitoring:answer", args=[item.pk, sub.code]) + ("?coder=b" if coder == "b" else "")
            )
    history = current.history.select_related("history_user")[:20] if current is not None else []
    context = {
        "assessment": item,
        "sub": sub,
        "form": form,
        "answer": current,
        "coder": coder,
        "citation_form": CitationForm(),
        "history": history,
        "may_draft": access.may_draft_assessment(request.user, item),
    }
    return render(request, "monitoring/answer.html", context, status=400 if form.errors else 200)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def citation_add(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk, write=True)
    sub = _sub_for(item, code)
    coder = Answer.Coder.B if request.POST.get("coder") == "b" else Answer.Coder.A
    current = Answer.objects.filter(assessment=item, sub_indicator=sub, coder=coder).first()
    if current is None:
        messages.error(request, _("Save the answer first, then add its evidence."))
        return redirect("monitoring:answer", item.pk, sub.code)
    form = CitationForm(request.POST)
    if form.is_valid():
        try:
            services.citation_add(answer=current, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Citation added."))
    else:
        messages.error(
            request, _("The citation was not added: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("monitoring:answer", item.pk, sub.code)


@login_required
@require_POST
def citation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    citation = get_object_or_404(Citation.objects.select_related("answer__sub_indicator"), pk=pk)
    item = access.get_assessment_for_user(request.user, citation.answer.assessment_id, write=True)
    try:
        services.citation_delete(citation=citation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Citation removed."))
    return redirect("monitoring:answer", item.pk, citation.answer.sub_indicator.code)


@login_required
@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk, write=request.method == "POST")
    kind = Narrative.Kind.NARRATIVE if code.startswith("P") else Narrative.Kind.PRIORITY
    valid = {c for c in item.edition.framework.pillars.values_list("code", flat=True)} | set(
        item.edition.framework.pillars.values_list("indicators__code", flat=True)
    )
    if code not in valid:
        raise Http404
    current = Narrative.objects.filter(assessment=item, kind=kind, code=code).first()
    form = NarrativeForm(
        request.POST if request.method == "POST" else None, initial={"text": current.text if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_save(
                assessment=item, actor=request.user, kind=kind, code=code, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Text saved."))
            return redirect("monitoring:assessment", item.pk)
    context = {"assessment": item, "form": form, "code": code, "kind": kind}
    return render(request, "monitoring/narrative.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("monitoring:assessment", item.pk)
    try:
        services.assessment_transition(
            assessment=item,
            actor=request.user,
            action=form.cleaned_data["action"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("monitoring:assessment", item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_assessment_for_user(request.user, pk, review=True)
    if not item.is_public:
        raise Http404
    code = request.GET.get("code") or request.POST.get("code") or ""
    sub = SubIndicator.objects.filter(framework=item.edition.framework_id, code=code).first()
    form = CorrectionForm(request.POST if request.method == "POST" else None, sub=sub) if sub else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                erratum = services.assessment_correct(
                    assessment=item,
                    actor=request.user,
                    sub=sub,
                    data=form.answer_data(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Erratum %(number)s published.") % {"number": erratum.number})
                return redirect("monitoring:assessment", item.pk)
    subs = SubIndicator.objects.filter(framework=item.edition.framework_id).values_list("code", "text")
    context = {"assessment": item, "form": form, "sub": sub, "subs": subs}
    return render(
        request, "monitoring/correct.html", context, status=400 if form is not None and form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_answers(request: HttpRequest) -> HttpResponse:
    if not access.may_see_workspace(request.user):
        raise Http404
    if not access.may_review(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exports.answers_import(
                data=upload.read(),
                filename=upload.name,
                actor=request.user,
                good_rows_only=form.cleaned_data["good_rows_only"],
            )
        except TableError as exc:
            form.add_error("file", exc.messages)
    status = 400 if form.errors or (result and result.errors) else 200
    return render(request, "monitoring/import.html", {"form": form, "result": result}, status=status)


def country_section(request: HttpRequest, country: Country) -> Any:
    """The country profile's monitoring section: latest published scores."""
    from safeguard.lib.registry import ProfileSection

    snapshot = (
        reports.current_snapshots()
        .defer("data")
        .filter(assessment__country=country)
        .order_by("-assessment__edition__year")
        .first()
    )
    if snapshot is None:
        return None
    return ProfileSection(
        key="monitoring",
        title=_("Country monitoring"),
        template="monitoring/_profile_section.html",
        context={"snapshot": snapshot, "edition": snapshot.assessment.edition},
    )


def glance(request: HttpRequest) -> list[Any]:
    from safeguard.lib.registry import GlanceFigure

    edition = reports.edition_or_latest(None)
    count = reports.current_snapshots(edition).count() if edition else 0
    return [GlanceFigure("monitoring", _("countries assessed"), count)]
