from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.accounts.models import Organisation
from safeguard.lib.pdf import render_pdf
from safeguard.lib.views import pdf_download, run_service

from . import access, diff, services
from .forms import (
    AmendmentForm,
    DecisionForm,
    DelegateForm,
    MinutesForm,
    MotionForm,
    MotionPollForm,
    NominationForm,
    ProxyForm,
    RecommendationForm,
    TimeZoneForm,
    TrackerForm,
    TransitionForm,
    TranslationForm,
    VoteForm,
)
from .models import (
    Assembly,
    Delegate,
    DelegationLog,
    Entitlement,
    Motion,
    MotionTranslation,
    Poll,
    Proxy,
    Speaker,
)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


# --- Public pages ----------------------------------------------------------------------------------


@require_GET
def assembly_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assembly/list.html", {"assemblies": Assembly.objects.all()})


@require_GET
def assembly_detail(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    user = request.user
    delegate = (
        Delegate.objects.filter(assembly=assembly, user=user).select_related("organisation").first()
        if user.is_authenticated
        else None
    )
    own_members = [
        m.organisation for m in access.memberships(user) if m.organisation.kind == Organisation.Kind.MEMBER
    ]
    return render(
        request,
        "assembly/detail.html",
        {
            "assembly": assembly,
            "agenda": assembly.agenda.prefetch_related("speakers__delegate__user"),
            "motions": assembly.motions.select_related("submitter"),
            "positions": assembly.positions.prefetch_related("seat_groups"),
            "polls": assembly.polls.all(),
            "quorum": services.quorum_status(assembly),
            "delegate": delegate,
            "own_members": own_members,
            "may_run": access.may_run(user),
            "is_staff": access.is_staff(user),
            "tz_form": TimeZoneForm(initial={"time_zone": getattr(user, "time_zone", "UTC")}),
        },
    )


@require_GET
def quorum(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    return render(
        request, "assembly/quorum.html", {"assembly": assembly, "quorum": services.quorum_status(assembly)}
    )


@require_GET
def bulletin(request: HttpRequest, number: int) -> HttpResponse:
    """Who voted (organisations), the trackers counted, certified results: never how anyone voted."""
    assembly = access.get_assembly(number)
    rows = services.bulletin(assembly)
    form = TrackerForm(request.GET or None)
    found = None
    if form.is_valid() and request.GET.get("poll"):
        poll = next((r.poll for r in rows if str(r.poll.pk) == request.GET["poll"]), None)
        found = poll is not None and services.tracker_counted(poll, form.cleaned_data["tracker"])
    return render(
        request, "assembly/bulletin.html", {"assembly": assembly, "rows": rows, "form": form, "found": found}
    )


@require_GET
def motion_detail(request: HttpRequest, number: int, motion_number: int) -> HttpResponse:
    motion = access.get_motion(number, motion_number)
    user = request.user
    admin_of = access.administered_members(user)
    amendments = [
        (a, diff.word_diff(motion.text, a.text)) for a in motion.amendments.select_related("submitter")
    ]
    return render(
        request,
        "assembly/motion.html",
        {
            "assembly": motion.assembly,
            "motion": motion,
            "translations": motion.translations.all(),
            "supporters": motion.supporters.select_related("organisation"),
            "amendments": amendments,
            "polls": motion.polls.all(),
            "admin_of": admin_of,
            "may_run": access.may_run(user),
            "next_states": [
                (s, Motion.State(s).label) for s in sorted(services.MOTION_TRANSITIONS[motion.state])
            ],
            "amendment_form": AmendmentForm(initial={"text": motion.text}),
            "recommendation_form": RecommendationForm(),
            "poll_form": MotionPollForm(motion=motion),
            "translation_form": TranslationForm(motion=motion),
        },
    )


@require_GET
def position_detail(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    position = access.get_position(number, pk)
    groups = position.seat_groups.prefetch_related("candidates__organisation", "polls")
    return render(
        request,
        "assembly/position.html",
        {
            "assembly": position.assembly,
            "position": position,
            "groups": groups,
            "admin_of": access.administered_members(request.user),
            "may_run": access.may_run(request.user),
            "form": NominationForm(position=position),
        },
    )


@require_http_methods(["GET", "POST"])
def poll_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    poll = access.get_poll(pk)
    voices = services.voices_for(request.user, poll)
    form = VoteForm(request.POST or None, poll=poll, voices=voices)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if not voices:
            raise PermissionDenied
        if form.is_valid():
            try:
                trackers = services.ballot_cast(
                    poll=poll,
                    user=request.user,
                    entitlement_ids=form.cleaned_data["entitlements"],
                    choices=form.chosen(),
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("assembly:poll", pk=poll.pk)
            # The receipt is shown once and stored nowhere with the voter's name.
            return render(
                request,
                "assembly/receipt.html",
                {"poll": poll, "assembly": poll.assembly, "trackers": trackers},
            )
    certified = poll.state == Poll.State.CERTIFIED
    return render(
        request,
        "assembly/poll.html",
        {
            "poll": poll,
            "assembly": poll.assembly,
            "form": form if voices else None,
            "options": poll.options.select_related("candidate"),
            "result": poll.result if certified or access.is_staff(request.user) else None,
            "certified": certified,
            "may_run": access.may_run(request.user),
            "confirmations": poll.confirmations.select_related("teller"),
            "voted_count": poll.register.count(),
        },
    )


# --- Network pages -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def roll(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    access.check_network_person(request.user)
    if request.method == "POST":
        access.check_runner(request.user)
        run_service(
            request, lambda: services.roll_snapshot(assembly=assembly), _("The roll was taken and frozen.")
        )
        return redirect("assembly:roll", number=number)
    return render(
        request,
        "assembly/roll.html",
        {
            "assembly": assembly,
            "entitlements": Entitlement.objects.filter(assembly=assembly).select_related("organisation"),
            "verified": services.roll_verify(assembly),
            "may_run": access.may_run(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation(request: HttpRequest, number: int, slug: str) -> HttpResponse:
    assembly, organisation = access.get_delegation_for_user(
        request.user, number, slug, write=request.method == "POST"
    )
    form = DelegateForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            lambda: services.delegate_name(
                assembly=assembly,
                organisation=organisation,
                user=form.cleaned_data["user"],
                is_voting=form.cleaned_data["is_voting"],
                credentials=form.cleaned_data["credentials"],
                actor=request.user,
            ),
            _("The delegate was named; the credentials committee will decide."),
        )
        if ok:
            return redirect("assembly:delegation", number=number, slug=slug)
    own = Entitlement.objects.filter(assembly=assembly, organisation=organisation).first()
    proxies = Proxy.objects.filter(assembly=assembly).select_related(
        "principal__organisation", "holder__organisation"
    )
    return render(
        request,
        "assembly/delegation.html",
        {
            "assembly": assembly,
            "organisation": organisation,
            "delegates": Delegate.objects.filter(assembly=assembly, organisation=organisation).select_related(
                "user"
            ),
            "entitlement": own,
            "given": proxies.filter(principal=own, revoked_at__isnull=True).first() if own else None,
            "held": proxies.filter(holder=own, revoked_at__isnull=True) if own else [],
            "log": DelegationLog.objects.filter(proxy__principal=own).select_related(
                "proxy__holder__organisation", "actor"
            )
            if own
            else [],
            "may_edit": organisation in access.administered_members(request.user)
            or access.may_run(request.user),
            "form": form,
            "proxy_form": ProxyForm(assembly=assembly, principal=own) if own else None,
        },
    )


@login_required
@require_POST
def proxy(request: HttpRequest, number: int, slug: str) -> HttpResponse:
    assembly, organisation = access.get_delegation_for_user(request.user, number, slug, write=True)
    own = Entitlement.objects.filter(assembly=assembly, organisation=organisation).first()
    if own is None:
        messages.error(request, _("This organisation has no vote on the roll of this assembly."))
    elif request.POST.get("revoke"):
        given = Proxy.objects.filter(principal=own, revoked_at__isnull=True).first()
        if given is not None:
            run_service(
                request,
                lambda: services.proxy_revoke(proxy=given, actor=request.user),
                _("The proxy was revoked."),
            )
    else:
        form = ProxyForm(request.POST, assembly=assembly, principal=own)
        if form.is_valid():
            run_service(
                request,
                lambda: services.proxy_grant(
                    assembly=assembly, principal=own, holder=form.cleaned_data["holder"], actor=request.user
                ),
                _("The proxy was given."),
            )
        else:
            _form_errors(request, form)
    return redirect("assembly:delegation", number=number, slug=slug)


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_download(access.get_letter_for_user(request.user, pk).credentials, "credentials.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def credentials(request: HttpRequest, number: int) -> HttpResponse:
    """The credentials committee's queue, and the in-person check-in desk."""
    assembly = access.get_assembly(number)
    access.check_staff(request.user)
    if request.method == "POST":
        access.check_runner(request.user)
        form = DecisionForm(request.POST)
        if form.is_valid():
            delegate = access.get_delegate_for_runner(request.user, form.cleaned_data["delegate"])
            if delegate.assembly_id != assembly.pk:
                raise Http404
            run_service(
                request,
                lambda: services.delegate_decide(
                    delegate=delegate,
                    approve=form.cleaned_data["approve"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                ),
                _("The decision was recorded."),
            )
        else:
            _form_errors(request, form)
        return redirect("assembly:credentials", number=number)
    delegates = Delegate.objects.filter(assembly=assembly).select_related("organisation", "user")
    return render(
        request,
        "assembly/credentials.html",
        {"assembly": assembly, "delegates": delegates, "may_run": access.may_run(request.user)},
    )


@login_required
@require_POST
def check_in(request: HttpRequest, number: int) -> HttpResponse:
    """Online: the delegate checks themself in. In person: Secretariat staff name the delegate."""
    assembly = access.get_assembly(number)
    if request.POST.get("delegate"):
        delegate = access.get_delegate_for_runner(request.user, int(request.POST["delegate"]))
        mode = Delegate.CheckIn.IN_PERSON
        target = redirect("assembly:credentials", number=number)
    else:
        delegate = Delegate.objects.filter(assembly=assembly, user=request.user).first()
        if delegate is None:
            raise Http404
        mode = Delegate.CheckIn.ONLINE
        target = redirect("assembly:detail", number=number)
    if delegate.assembly_id != assembly.pk:
        raise Http404
    run_service(
        request, lambda: services.delegate_check_in(delegate=delegate, mode=mode), _("Checked in: present.")
    )
    return target


@login_required
@require_POST
def speak(request: HttpRequest, number: int, position: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    item = assembly.agenda.filter(position=position).first()
    delegate = Delegate.objects.filter(
        assembly=assembly, user=request.user, state=Delegate.State.APPROVED
    ).first()
    if item is None or delegate is None:
        raise Http404
    Speaker.objects.get_or_create(item=item, delegate=delegate)
    messages.success(request, _("You are on the list of speakers."))
    return redirect("assembly:detail", number=number)


@login_required
@require_http_methods(["GET", "POST"])
def motion_new(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    admin_of = access.administered_members(request.user)
    if not admin_of:
        raise PermissionDenied
    form = MotionForm(request.POST or None, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        try:
            motion = services.motion_submit(assembly=assembly, submitter=admin_of[0], **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The motion was submitted."))
            return redirect("assembly:motion", number=number, motion_number=motion.number)
    return render(
        request, "assembly/motion_form.html", {"assembly": assembly, "form": form, "submitter": admin_of[0]}
    )


MEMBER_ACTIONS = {"support", "amend"}
RUNNER_ACTIONS = {"transition", "recommend", "poll", "translate"}


@login_required
@require_POST
def motion_action(request: HttpRequest, number: int, motion_number: int, action: str) -> HttpResponse:
    motion = access.get_motion(number, motion_number)
    user = request.user
    if action in MEMBER_ACTIONS:
        admin_of = access.administered_members(user)
        if not admin_of:
            access.check_network_person(user)
            raise PermissionDenied
        org = admin_of[0]
        if action == "support":
            run_service(
                request,
                lambda: services.motion_support(motion=motion, organisation=org),
                _("Your support was recorded."),
            )
        else:
            form = AmendmentForm(request.POST)
            if form.is_valid():
                run_service(
                    request,
                    lambda: services.amendment_submit(motion=motion, submitter=org, **form.cleaned_data),
                    _("The amendment was submitted."),
                )
            else:
                _form_errors(request, form)
    elif action in RUNNER_ACTIONS:
        access.check_runner(user)
        if action == "transition":
            form = TransitionForm(request.POST)
            if form.is_valid():
                run_service(
                    request,
                    lambda: services.motion_transition(motion=motion, to=form.cleaned_data["to"]),
                    _("The motion moved on."),
                )
        elif action == "recommend":
            form = RecommendationForm(request.POST)
            if form.is_valid():
                run_service(
                    request,
                    lambda: services.motion_recommend(
                        motion=motion,
                        recommendation=form.cleaned_data["recommendation"],
                        by=form.cleaned_data["recommended_by"],
                        note=form.cleaned_data["note"],
                    ),
                    _("The recommendation was recorded."),
                )
        elif action == "translate":
            form = TranslationForm(request.POST, motion=motion)
            if form.is_valid():
                MotionTranslation.objects.update_or_create(
                    motion=motion,
                    language=form.cleaned_data["language"],
                    defaults={"title": form.cleaned_data["title"], "text": form.cleaned_data["text"]},
                )
                messages.success(request, _("The translation was saved."))
        else:
            form = MotionPollForm(request.POST, motion=motion)
            if form.is_valid():
                amendment = motion.amendments.filter(pk=form.cleaned_data["amendment"]).first()
                run_service(
                    request,
                    lambda: services.motion_poll_create(
                        motion=motion,
                        majority=form.cleaned_data["majority"],
                        base=form.cleaned_data["base"],
                        amendment=amendment,
                    ),
                    _("The vote was prepared."),
                )
        if not form.is_valid():
            _form_errors(request, form)
    else:
        raise Http404
    return redirect("assembly:motion", number=number, motion_number=motion.number)


@login_required
@require_POST
def nominate(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    position = access.get_position(number, pk)
    admin_of = access.administered_members(request.user)
    if not admin_of:
        access.check_network_person(request.user)
        raise PermissionDenied
    form = NominationForm(request.POST, position=position)
    if form.is_valid():
        run_service(
            request,
            lambda: services.candidate_nominate(
                seat_group=form.cleaned_data["seat_group"],
                organisation=admin_of[0],
                name=form.cleaned_data["name"],
                statement=form.cleaned_data["statement"],
            ),
            _("The nomination was received."),
        )
    else:
        _form_errors(request, form)
    return redirect("assembly:position", number=number, pk=pk)


@login_required
@require_POST
def election_polls(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    position = access.get_position(number, pk)
    access.check_runner(request.user)
    run_service(
        request, lambda: services.election_polls_create(position=position), _("The ballots were prepared.")
    )
    return redirect("assembly:position", number=number, pk=pk)


@login_required
@require_POST
def poll_action(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    poll = access.get_poll(pk)
    access.check_runner(request.user)
    if action == "open":
        run_service(request, lambda: services.poll_open(poll=poll), _("The vote is open."))
    elif action == "close":
        run_service(request, lambda: services.poll_close(poll=poll), _("The vote is closed and counted."))
    elif action == "confirm":
        run_service(
            request,
            lambda: services.poll_confirm(poll=poll, teller=request.user),
            _("Your confirmation as teller was recorded."),
        )
    else:
        raise Http404
    return redirect("assembly:poll", pk=poll.pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    access.check_network_person(request.user)
    may_edit = access.may_chair(request.user, assembly)
    context = services.minutes_context(assembly)
    current = services.minutes_for(assembly, context)
    form = MinutesForm(request.POST or None, initial={"body": current.body})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            services.minutes_save(assembly=assembly, body=form.cleaned_data["body"], actor=request.user)
            messages.success(request, _("The minutes were saved."))
            return redirect("assembly:minutes", number=number)
    context.update({"minutes": current, "form": form if may_edit else None})
    return render(request, "assembly/minutes.html", context)


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, number: int) -> HttpResponse:
    assembly = access.get_assembly(number)
    access.check_network_person(request.user)
    context = services.minutes_context(assembly)
    context["minutes"] = services.minutes_for(assembly, context)
    html = render_to_string("assembly/minutes_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assembly-{assembly.number}-minutes.pdf"'
    return response


@login_required
@require_POST
def time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        messages.success(request, _("Times are now shown in %(zone)s.") % {"zone": request.user.time_zone})
    else:
        _form_errors(request, form)
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/assembly/") else "assembly:list")
