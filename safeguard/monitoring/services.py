"""Writes of the monitoring app: answers, evidence, workflow transitions, scores, publication.

Every change goes through here, inside a transaction, after a permission check. A published
assessment is frozen: its public content is the current ``Snapshot``; changing it afterwards takes
``assessment_correct``, which records a numbered ``Erratum`` and a new snapshot version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, scoring
from .framework import method_for, sub_defs
from .models import (
    Answer,
    Assessment,
    Citation,
    Edition,
    Erratum,
    FrameworkVersion,
    Narrative,
    Review,
    Score,
    Snapshot,
    State,
    SubIndicator,
)

YNP_VALUES = ("yes", "partial", "no")
TREATY_VALUES = ("ratified", "signed", "none")
MISSING_VALUES = ("no_data", "na")
CODER_A_EDITABLE = (State.DRAFT, State.RECONCILIATION)
CODER_B_EDITABLE = (State.SECOND_CODING,)


# --- answers -----------------------------------------------------------------------------------


def allowed_values(sub: SubIndicator) -> tuple[str, ...]:
    kind = sub.scoring_rule.get("kind")
    if kind == "ynp":
        return (*YNP_VALUES, *MISSING_VALUES)
    if kind == "treaty":
        return (*TREATY_VALUES, *MISSING_VALUES)
    return ("answered", *MISSING_VALUES)


@dataclass(frozen=True)
class AnswerData:
    value: str
    number: Decimal | None = None
    date: date | None = None
    checked: tuple[int, ...] = ()
    justification: str = ""
    confidence: str = Answer.Confidence.MEDIUM
    as_of: date | None = None


def answer_validate(sub: SubIndicator, data: AnswerData) -> None:
    """Field-level rules of one answer; raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    if data.value not in allowed_values(sub):
        errors["value"] = _("This answer is not possible for %(code)s.") % {"code": sub.code}
    if data.value in YNP_VALUES and not data.justification.strip():
        errors["justification"] = _("Explain the answer: a justification is required.")
    kind = sub.scoring_rule.get("kind")
    if data.value == "answered":
        if kind in ("bands", "context") and data.number is None:
            errors["number"] = _("Give the number.")
        if kind == "date_not_expired" and data.date is None:
            errors["date"] = _("Give the date.")
        if kind == "checklist" and any(not 0 <= i < sub.elements for i in data.checked):
            errors["checked"] = _("Unknown checklist element.")
    if data.confidence not in Answer.Confidence.values:
        errors["confidence"] = _("Unknown confidence level.")
    if errors:
        raise ValidationError(errors)


def _locked(assessment: Assessment) -> Assessment:
    """The assessment re-read under a row lock: the state a check sees is the state in the database."""
    return Assessment.objects.select_for_update().select_related("edition").get(pk=assessment.pk)


def _editable_by(assessment: Assessment, coder: str) -> bool:
    states = CODER_A_EDITABLE if coder == Answer.Coder.A else CODER_B_EDITABLE
    return assessment.state in states


@transaction.atomic
def answer_save(
    *, assessment: Assessment, sub: SubIndicator, actor: Any, data: AnswerData, coder: str = Answer.Coder.A
) -> Answer:
    """Create or change one answer (kept in history) and recompute the assessment's scores."""
    if not access.may_draft_assessment(actor, assessment):
        raise PermissionDenied
    if coder == Answer.Coder.B and not access.may_review(actor):
        raise PermissionDenied
    assessment = _locked(assessment)
    if not _editable_by(assessment, coder):
        raise ValidationError(
            _("The assessment is %(state)s: its answers cannot be changed now.")
            % {"state": assessment.get_state_display()}
        )
    if sub.framework_id != assessment.edition.framework_id:
        raise ValidationError(_("This sub-indicator belongs to another framework version."))
    answer_validate(sub, data)
    answer = _answer_write(assessment, sub, data, actor, coder)
    scores_recompute([assessment])
    return answer


def _answer_write(
    assessment: Assessment, sub: SubIndicator, data: AnswerData, actor: Any, coder: str
) -> Answer:
    answer, _created = Answer.objects.update_or_create(
        assessment=assessment,
        sub_indicator=sub,
        coder=coder,
        defaults={
            "value": data.value,
            "number": data.number if data.value == "answered" else None,
            "date": data.date if data.value == "answered" else None,
            "checked": sorted(set(data.checked)) if data.value == "answered" else [],
            "justification": data.justification,
            "confidence": data.confidence,
            "as_of": data.as_of,
            "updated_by": actor,
        },
    )
    return answer


@transaction.atomic
def citation_add(*, answer: Answer, actor: Any, **fields: Any) -> Citation:
    """Attach a legal-provision or document citation to an answer."""
    assessment = _locked(answer.assessment)
    if not access.may_draft_assessment(actor, assessment):
        raise PermissionDenied
    if not _editable_by(assessment, answer.coder):
        raise ValidationError(
            _("The assessment is %(state)s: its evidence cannot be changed now.")
            % {"state": assessment.get_state_display()}
        )
    citation = Citation(answer=answer, **fields)
    citation.full_clean()
    citation.save()
    return citation


@transaction.atomic
def citation_delete(*, citation: Citation, actor: Any) -> None:
    assessment = _locked(citation.answer.assessment)
    if not access.may_draft_assessment(actor, assessment):
        raise PermissionDenied
    if not _editable_by(assessment, citation.answer.coder):
        raise ValidationError(
            _("The assessment is %(state)s: its evidence cannot be changed now.")
            % {"state": assessment.get_state_display()}
        )
    citation.delete()


def _needs_evidence(sub: SubIndicator, answer: Answer) -> bool:
    if not sub.evidence:
        return False
    if answer.value in ("yes", "partial"):
        return True
    return answer.value == "answered" and (sub.answer_type != "CHK" or bool(answer.checked))


def evidence_gaps(assessment: Assessment, coder: str = Answer.Coder.A) -> list[str]:
    """Codes of the answers that need a citation of the required kind and have none (the gate)."""
    kinds = {"LEG": Citation.Kind.LEGAL, "DOC": Citation.Kind.DOCUMENT}
    answers = (
        Answer.objects.filter(assessment=assessment, coder=coder)
        .select_related("sub_indicator")
        .prefetch_related("citations")
    )
    gaps = []
    for answer in answers:
        sub = answer.sub_indicator
        if _needs_evidence(sub, answer):
            wanted = {kinds[k] for k in sub.evidence}
            if not any(c.kind in wanted for c in answer.citations.all()):
                gaps.append(sub.code)
    return gaps


def agreement_for(assessment: Assessment) -> tuple[int, float | None, float | None]:
    """(number of sub-indicators coded by both, percent agreement, Cohen's kappa)."""
    rows = Answer.objects.filter(assessment=assessment).values_list("sub_indicator_id", "coder", "value")
    by_sub: dict[int, dict[str, str]] = {}
    for sub_id, coder, value in rows:
        by_sub.setdefault(sub_id, {})[coder] = value
    pairs = [(v["a"], v["b"]) for v in by_sub.values() if "a" in v and "b" in v]
    percent, kappa = scoring.agreement(pairs)
    return len(pairs), percent, kappa


# --- scores ------------------------------------------------------------------------------------


def _answer_in(value: str, number: Any, on: date | None, checked: Sequence[int]) -> scoring.AnswerIn:
    return scoring.AnswerIn(value=value, number=number, date=on, checked=tuple(checked or ()))


def assessed_on(assessment: Assessment) -> date:
    return assessment.edition.period_end


@transaction.atomic
def scores_recompute(assessments: Iterable[Assessment]) -> int:
    """Recompute and store every score of these assessments (bulk: one read, one write)."""
    assessments = list(assessments)
    if not assessments:
        return 0
    by_framework: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_framework.setdefault(assessment.edition.framework_id, []).append(assessment)
    rows: list[ScoreRow] = []
    for framework_id, group in by_framework.items():
        version = FrameworkVersion.objects.get(pk=framework_id)
        method = method_for(version)
        subs = sub_defs(version)
        code_of = dict(SubIndicator.objects.filter(framework=version).values_list("pk", "code"))
        answers: dict[int, dict[str, scoring.AnswerIn]] = {a.pk: {} for a in group}
        values = Answer.objects.filter(
            assessment__in=[a.pk for a in group], coder=Answer.Coder.A
        ).values_list("assessment_id", "sub_indicator_id", "value", "number", "date", "checked")
        for assessment_id, sub_id, value, number, on, checked in values.iterator(chunk_size=5000):
            answers[assessment_id][code_of[sub_id]] = _answer_in(value, number, on, checked)
        for assessment in group:
            result = scoring.score_assessment(
                subs,
                answers[assessment.pk],
                method,
                assessed_on=assessed_on(assessment),
                flags={"official_complicity": assessment.official_complicity},
            )
            rows.extend(_score_rows(assessment, result, method.version))
    Score.objects.filter(assessment__in=[a.pk for a in assessments]).delete()
    _scores_insert(rows)
    return len(rows)


SCORE_COLUMNS = (
    "assessment_id",
    "level",
    "code",
    "value",
    "coverage",
    "band",
    "bridge_value",
    "red_flags",
    "method_version",
)


def _scores_insert(rows: list[ScoreRow]) -> None:
    """Insert score rows with one ``executemany`` (a recompute writes thousands of rows at once)."""
    table = connection.ops.quote_name(Score._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in SCORE_COLUMNS)
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    placeholders = ", ".join(f"%s{json_cast}" if c == "red_flags" else "%s" for c in SCORE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


ScoreRow = tuple[int, str, str, float | None, float, str, float | None, str, str]


def _score_rows(
    assessment: Assessment, result: scoring.AssessmentResult, method_version: str
) -> list[ScoreRow]:
    """Rows for ``SCORE_COLUMNS``: the overall score, then each pillar and indicator."""
    o = result.overall
    rows: list[ScoreRow] = [
        (
            assessment.pk,
            Score.Level.OVERALL.value,
            "overall",
            o.value,
            o.coverage,
            o.band,
            result.bridge,
            json.dumps(result.red_flags),
            method_version,
        )
    ]
    for level, results in (
        (Score.Level.PILLAR.value, result.pillars),
        (Score.Level.INDICATOR.value, result.indicators),
    ):
        rows.extend(
            (assessment.pk, level, code, r.value, r.coverage, r.band, None, "[]", method_version)
            for code, r in results.items()
        )
    return rows


# --- workflow ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple[str, ...]
    who: str  # "drafter", "member", "reviewer"
    comment_required: bool = False


def _actions() -> dict[str, Action]:
    return {
        "submit": Action("submit", _("Submit for review"), (State.DRAFT,), "drafter"),
        "finish_second_coding": Action(
            "finish_second_coding", _("Second coding done: reconcile"), (State.SECOND_CODING,), "reviewer"
        ),
        "reconcile": Action("reconcile", _("Reconciled: send on"), (State.RECONCILIATION,), "reviewer"),
        "member_accept": Action(
            "member_accept", _("Accept for the member organisation"), (State.MEMBER_REVIEW,), "member"
        ),
        "return": Action(
            "return",
            _("Return to draft with comments"),
            (State.RECONCILIATION, State.MEMBER_REVIEW, State.SECRETARIAT_REVIEW, State.APPROVED),
            "reviewer",
            comment_required=True,
        ),
        "approve": Action("approve", _("Approve"), (State.SECRETARIAT_REVIEW,), "reviewer"),
        "open_reply": Action(
            "open_reply", _("Open the government right of reply"), (State.APPROVED,), "reviewer"
        ),
        "close_reply": Action(
            "close_reply",
            _("Record the government reply"),
            (State.RIGHT_OF_REPLY,),
            "reviewer",
            comment_required=True,
        ),
        "publish": Action("publish", _("Publish"), (State.APPROVED,), "reviewer"),
    }


def _may(actor: Any, assessment: Assessment, who: str) -> bool:
    if who == "reviewer":
        return access.may_review(actor)
    if who == "member":
        return access.member_role_for_country(actor, assessment.country_id) in access.WRITE_ROLES
    return access.may_draft_assessment(actor, assessment)


def available_actions(actor: Any, assessment: Assessment) -> list[Action]:
    return [
        a for a in _actions().values() if assessment.state in a.sources and _may(actor, assessment, a.who)
    ]


def _target(action: str, assessment: Assessment) -> str:
    after_coding = State.MEMBER_REVIEW if assessment.drafted_by_secretariat else State.SECRETARIAT_REVIEW
    return {
        "submit": State.SECOND_CODING if assessment.second_coding else after_coding,
        "finish_second_coding": State.RECONCILIATION,
        "reconcile": after_coding,
        "member_accept": State.SECRETARIAT_REVIEW,
        "return": State.DRAFT,
        "approve": State.APPROVED,
        "open_reply": State.RIGHT_OF_REPLY,
        "close_reply": State.APPROVED,
        "publish": State.PUBLISHED,
    }[action]


@transaction.atomic
def assessment_transition(
    *, assessment: Assessment, actor: Any, action: str, comment: str = ""
) -> Assessment:
    """Move the assessment one step through the workflow, recording who did it and why."""
    definition = _actions().get(action)
    if definition is None:
        raise ValidationError(_("Unknown action."))
    assessment = Assessment.objects.select_for_update().select_related("edition").get(pk=assessment.pk)
    if not _may(actor, assessment, definition.who):
        raise PermissionDenied
    if assessment.state not in definition.sources:
        raise ValidationError(
            _("This cannot be done while the assessment is %(state)s.")
            % {"state": assessment.get_state_display()}
        )
    if definition.comment_required and not comment.strip():
        raise ValidationError({"comment": _("Say why: a comment is required.")})
    if action in ("submit", "reconcile"):
        gaps = evidence_gaps(assessment)
        if gaps:
            raise ValidationError(
                _("These answers need evidence before the assessment can be submitted: %(codes)s.")
                % {"codes": ", ".join(gaps)}
            )
    if action == "close_reply":
        assessment.government_reply = comment
    source = assessment.state
    assessment.state = _target(action, assessment)
    if action == "publish":
        assessment.published_at = timezone.now()
    assessment.save()
    Review.objects.create(
        assessment=assessment,
        from_state=source,
        to_state=assessment.state,
        decision=action,
        comment=comment,
        actor=actor,
    )
    if action == "publish":
        scores_recompute([assessment])
        snapshot_create(assessment)
    return assessment


@transaction.atomic
def assessment_correct(
    *, assessment: Assessment, actor: Any, sub: SubIndicator, data: AnswerData, note: str
) -> Erratum:
    """Change a published answer: a numbered erratum and a new snapshot version, never silently."""
    if not access.may_review(actor):
        raise PermissionDenied
    assessment = Assessment.objects.select_for_update().select_related("edition").get(pk=assessment.pk)
    if not assessment.is_public:
        raise ValidationError(_("Only a published assessment is corrected; change the draft instead."))
    if not note.strip():
        raise ValidationError({"note": _("Describe the correction: it is published as an erratum.")})
    answer_validate(sub, data)
    answer = _answer_write(assessment, sub, data, actor, Answer.Coder.A)
    if _needs_evidence(sub, answer) and not answer.citations.exists():
        raise ValidationError(
            _("These answers need evidence before the assessment can be submitted: %(codes)s.")
            % {"codes": sub.code}
        )
    number = (assessment.errata.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    erratum = Erratum.objects.create(
        assessment=assessment, number=number, text=note, sub_indicator_code=sub.code, actor=actor
    )
    source = assessment.state
    assessment.state = State.CORRECTED
    assessment.save()
    Review.objects.create(
        assessment=assessment,
        from_state=source,
        to_state=State.CORRECTED,
        decision="correct",
        comment=note,
        actor=actor,
    )
    scores_recompute([assessment])
    snapshot_create(assessment)
    return erratum


@transaction.atomic
def assessment_create(*, edition: Edition, country: Any, actor: Any) -> Assessment:
    """Open an assessment of a country for an edition (Secretariat reviewers only)."""
    if not access.may_review(actor):
        raise PermissionDenied
    assessment, _created = Assessment.objects.get_or_create(
        edition=edition, country=country, defaults={"drafted_by_secretariat": True, "coder_a": actor}
    )
    return assessment


@transaction.atomic
def narrative_save(*, assessment: Assessment, actor: Any, kind: str, code: str, text: str) -> None:
    if not access.may_draft_assessment(actor, assessment):
        raise PermissionDenied
    assessment = _locked(assessment)
    if assessment.state not in CODER_A_EDITABLE:
        raise ValidationError(
            _("The assessment is %(state)s: its answers cannot be changed now.")
            % {"state": assessment.get_state_display()}
        )
    if text.strip():
        Narrative.objects.update_or_create(
            assessment=assessment, kind=kind, code=code, defaults={"text": text}
        )
    else:
        Narrative.objects.filter(assessment=assessment, kind=kind, code=code).delete()


# --- snapshots ---------------------------------------------------------------------------------


CITATION_FIELDS = (
    "id",
    "answer_id",
    "kind",
    "title",
    "instrument_type",
    "pinpoint",
    "issuing_body",
    "in_force_on",
    "url",
    "quote",
    "language",
    "sha256",
)


def snapshots_data(assessments: Sequence[Assessment]) -> dict[int, dict[str, Any]]:
    """Everything the public report and the open data show of each assessment, as plain JSON.

    Bulk: a handful of queries whatever the number of assessments.
    """
    ids = [a.pk for a in assessments]
    contexts: dict[int, tuple[scoring.Method, dict[str, scoring.SubDef], dict[int, str]]] = {}
    for a in assessments:
        version = a.edition.framework
        if version.pk not in contexts:
            code_of = dict(SubIndicator.objects.filter(framework=version).values_list("pk", "code"))
            contexts[version.pk] = (method_for(version), {d.code: d for d in sub_defs(version)}, code_of)
    citations: dict[int, list[dict[str, Any]]] = {}
    for row in (
        Citation.objects.filter(answer__assessment__in=ids, answer__coder=Answer.Coder.A)
        .order_by("pk")
        .values(*CITATION_FIELDS)
    ):
        answer_id = row.pop("answer_id")
        row["in_force_on"] = row["in_force_on"].isoformat() if row["in_force_on"] else None
        citations.setdefault(answer_id, []).append(row)
    answers: dict[int, list[tuple]] = {pk: [] for pk in ids}
    for row in (
        Answer.objects.filter(assessment__in=ids, coder=Answer.Coder.A)
        .order_by("sub_indicator__position")
        .values_list(
            "pk",
            "assessment_id",
            "sub_indicator_id",
            "value",
            "number",
            "date",
            "checked",
            "justification",
            "confidence",
            "as_of",
        )
    ):
        answers[row[1]].append(row)
    scores: dict[int, dict[tuple[str, str], Score]] = {pk: {} for pk in ids}
    for score in Score.objects.filter(assessment__in=ids):
        scores[score.assessment_id][(score.level, score.code)] = score
    narratives: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    for assessment_id, kind, code, text in Narrative.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "kind", "code", "text"
    ):
        narratives[assessment_id][f"{kind}:{code}"] = text
    result = {}
    for assessment in assessments:
        version = assessment.edition.framework
        method, defs, code_of = contexts[version.pk]
        on = assessed_on(assessment)
        items = []
        for pk, _aid, sub_id, value, number, day, checked, justification, confidence, as_of in answers[
            assessment.pk
        ]:
            code = code_of[sub_id]
            sub_score = scoring.sub_score(defs[code], _answer_in(value, number, day, checked), method, on)
            items.append(
                {
                    "code": code,
                    "value": value,
                    "number": None if number is None else str(number),
                    "date": day.isoformat() if day else None,
                    "checked": checked or [],
                    "score": sub_score if isinstance(sub_score, float) else None,
                    "justification": justification,
                    "confidence": confidence,
                    "as_of": as_of.isoformat() if as_of else None,
                    "citations": citations.get(pk, []),
                }
            )
        own = scores[assessment.pk]
        overall = own.get((Score.Level.OVERALL, "overall"))
        result[assessment.pk] = {
            "framework": version.version,
            "method_version": version.method_version,
            "answers": items,
            "overall": _score_json(overall),
            "bridge": overall.bridge_value if overall else None,
            "red_flags": overall.red_flags if overall else [],
            "pillars": {
                code: _score_json(s)
                for (level, code), s in sorted(own.items())
                if level == Score.Level.PILLAR
            },
            "indicators": {
                code: _score_json(s)
                for (level, code), s in sorted(own.items())
                if level == Score.Level.INDICATOR
            },
            "narratives": narratives[assessment.pk],
            "official_complicity_source": assessment.official_complicity_source,
            "government_reply": assessment.government_reply,
        }
    return result


def _score_json(score: Score | None) -> dict[str, Any]:
    if score is None:
        return {"value": None, "coverage": 0.0, "band": ""}
    return {"value": score.value, "coverage": score.coverage, "band": score.band}


def snapshots_create(assessments: Sequence[Assessment]) -> list[Snapshot]:
    """Freeze the public content of these assessments as their new current snapshot version."""
    data = snapshots_data(assessments)
    ids = [a.pk for a in assessments]
    latest: dict[int, int] = {}
    for assessment_id, version in Snapshot.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "version"
    ):
        latest[assessment_id] = max(version, latest.get(assessment_id, 0))
    Snapshot.objects.filter(assessment__in=ids, is_current=True).update(is_current=False)
    rows = []
    for assessment in assessments:
        d = data[assessment.pk]
        rows.append(
            Snapshot(
                assessment=assessment,
                version=latest.get(assessment.pk, 0) + 1,
                overall=d["overall"]["value"],
                coverage=d["overall"]["coverage"],
                band=d["overall"]["band"],
                bridge=d["bridge"],
                pillars={code: score["value"] for code, score in d["pillars"].items()},
                red_flags=d["red_flags"],
                data=d,
            )
        )
    return Snapshot.objects.bulk_create(rows)


def snapshot_create(assessment: Assessment) -> Snapshot:
    return snapshots_create([assessment])[0]


def parse_decimal(text: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("Not a number: %(value)s") % {"value": text}) from exc
