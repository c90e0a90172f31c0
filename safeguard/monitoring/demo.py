"""Demo data: two editions, the later one with 48 countries in every workflow state.

Deterministic (``random.Random(SEED)``), idempotent (returns early when the demo edition exists)
and fast (bulk inserts, scores computed in bulk). Answers and citations are plausible, not real:
every citation URL points at ``legislation.example.org``.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.demo import MEMBER_COUNTRIES
from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country

from . import services
from .framework import ensure_current_framework
from .models import (
    Answer,
    Assessment,
    Citation,
    Commitment,
    Edition,
    Erratum,
    Narrative,
    Review,
    State,
    SubIndicator,
    Treaty,
    TreatyStatus,
)

SEED = 2026
LATEST = "2026"
EARLIER = "2023"
LATEST_COUNT = 48
EARLIER_COUNT = 24
# The workflow states of the later edition, in country order after the first (a draft, so that
# the demo member editor has something to work on).
STATE_PLAN = (
    [State.DRAFT] * 5
    + [State.SECOND_CODING] * 2
    + [State.RECONCILIATION] * 2
    + [State.MEMBER_REVIEW] * 3
    + [State.SECRETARIAT_REVIEW] * 4
    + [State.APPROVED] * 2
    + [State.RIGHT_OF_REPLY] * 2
    + [State.CORRECTED] * 4
)
LEGAL_TITLES = ("Penal Code", "Child Protection Act", "Criminal Procedure Code", "Trafficking in Persons Act")
DOC_TITLES = (
    "National Plan of Action on Violence against Children",
    "Annual report of the National Child Protection Council",
    "Ministry of Social Welfare guidelines",
)


def load() -> list[Any]:
    if Edition.objects.filter(slug=LATEST).exists():
        return []
    with transaction.atomic():
        _load()
    return []


def _load() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, not security)
    version = ensure_current_framework()
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=MEMBER_COUNTRIES)}
    codes = [c for c in MEMBER_COUNTRIES if c in countries]
    latest_codes = codes[:LATEST_COUNT]
    earlier_codes = codes[:EARLIER_COUNT]
    latest = Edition.objects.create(
        slug=LATEST,
        title="Agenda for Action monitoring 2026",
        year=2026,
        framework=version,
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        call_opens=date(2026, 1, 15),
        call_closes=date(2026, 4, 30),
    )
    earlier = Edition.objects.create(
        slug=EARLIER,
        title="Agenda for Action monitoring 2023",
        year=2023,
        framework=version,
        period_start=date(2021, 1, 1),
        period_end=date(2022, 12, 31),
    )
    strength = {iso2: rng.uniform(0.25, 0.92) for iso2 in codes}
    _treaties(rng, [countries[c] for c in latest_codes])
    subs = list(SubIndicator.objects.filter(framework=version).order_by("position"))
    statuses = _treaty_answers([countries[c] for c in latest_codes])
    staff = User.objects.filter(email="staff@demo.example.org").first()
    editors = {
        org.country.iso2: org.memberships.filter(role__in=["editor", "admin", "owner"]).first()
        for org in Organisation.objects.filter(kind="member", is_demo=True).select_related("country")
    }

    plan = {latest_codes[0]: State.DRAFT}
    for i, iso2 in enumerate(latest_codes[1:]):
        plan[iso2] = STATE_PLAN[i] if i < len(STATE_PLAN) else State.PUBLISHED
    assessments: list[Assessment] = []
    for iso2 in latest_codes:
        state = plan[iso2]
        by_secretariat = rng.random() < 0.3 or state in (
            State.SECOND_CODING,
            State.RECONCILIATION,
            State.MEMBER_REVIEW,
        )
        assessments.append(
            Assessment(
                edition=latest,
                country=countries[iso2],
                state=state,
                second_coding=state in (State.SECOND_CODING, State.RECONCILIATION),
                drafted_by_secretariat=by_secretariat,
                coder_a=staff if by_secretariat else getattr(editors.get(iso2), "user", None),
                coder_b=staff if state in (State.SECOND_CODING, State.RECONCILIATION) else None,
                official_complicity=iso2 in latest_codes[30:32],
                official_complicity_source="Demo: press reports compiled by the member organisation"
                if iso2 in latest_codes[30:32]
                else "",
                published_at=timezone.now() if state in (State.PUBLISHED, State.CORRECTED) else None,
            )
        )
    for iso2 in earlier_codes:
        assessments.append(
            Assessment(
                edition=earlier, country=countries[iso2], state=State.PUBLISHED, published_at=timezone.now()
            )
        )
    Assessment.objects.bulk_create(assessments)
    assessments = list(
        Assessment.objects.filter(edition__in=[latest, earlier]).select_related("edition", "country")
    )

    answers: list[Answer] = []
    for a in assessments:
        s = strength[a.country.iso2] - (0.1 if a.edition_id == earlier.pk else 0.0)
        for sub in subs:
            answers.append(_answer(rng, a, sub, s, statuses.get((a.country.iso2, sub.code))))
            if a.second_coding and sub.answer_type == "YNP":
                b = _answer(rng, a, sub, s, None)
                b.coder = Answer.Coder.B
                if rng.random() < 0.85:
                    b.value = answers[-1].value
                answers.append(b)
    Answer.objects.bulk_create(answers, batch_size=2000)
    citations = [
        c
        for answer in Answer.objects.filter(assessment__in=assessments).select_related(
            "sub_indicator", "assessment__country"
        )
        for c in _citations(rng, answer)
    ]
    Citation.objects.bulk_create(citations, batch_size=2000)
    _narratives(rng, assessments, version)
    _reviews(assessments, staff)
    services.scores_recompute(assessments)
    services.snapshots_create([a for a in assessments if a.state in (State.PUBLISHED, State.CORRECTED)])
    corrected = [a for a in assessments if a.state == State.CORRECTED]
    Erratum.objects.bulk_create(
        Erratum(
            assessment=a,
            number=1,
            text="Demo erratum: the in-force date of the cited provision was corrected.",
            sub_indicator_code="4.3a",
            actor=staff,
        )
        for a in corrected
    )
    services.snapshots_create(corrected)


def _treaties(rng: random.Random, countries: list[Country]) -> None:
    treaties = {t.code: t for t in Treaty.objects.all()}
    rows = []
    for country in countries:
        crc = date(1990, 1, 1) + timedelta(days=rng.randint(0, 2500))
        rows.append(
            TreatyStatus(
                country=country,
                treaty=treaties["CRC"],
                signed_on=crc - timedelta(days=200),
                ratified_on=crc,
                source="Demo: UN Treaty Collection",
            )
        )
        for code, start, chance in (
            ("OPSC", 2000, 0.85),
            ("OPIC", 2012, 0.35),
            ("ILO182", 1999, 0.9),
            ("PALERMO", 2000, 0.8),
            ("REGIONAL", 1995, 0.55),
        ):
            roll = rng.random()
            signed = date(start, 6, 1) + timedelta(days=rng.randint(0, 1500)) if roll < chance + 0.1 else None
            ratified = signed + timedelta(days=rng.randint(200, 2500)) if signed and roll < chance else None
            rows.append(
                TreatyStatus(
                    country=country,
                    treaty=treaties[code],
                    signed_on=signed,
                    ratified_on=ratified,
                    source="Demo: UN Treaty Collection",
                )
            )
        for commitment in Commitment.objects.all():
            rows.append(
                TreatyStatus(
                    country=country,
                    commitment=commitment,
                    ratified_on=date(commitment.year, 8, 31),
                    source="Demo: World Congress report",
                )
            )
    TreatyStatus.objects.bulk_create(rows)


def _treaty_answers(countries: list[Country]) -> dict[tuple[str, str], str]:
    result = {}
    for status in TreatyStatus.objects.filter(treaty__isnull=False).select_related("treaty", "country"):
        value = "ratified" if status.ratified_on else "signed" if status.signed_on else "none"
        if status.treaty.code == "REGIONAL" and value == "none":
            value = "na"
        result[(status.country.iso2, status.treaty.sub_indicator_code)] = value
    return result


def _answer(rng: random.Random, a: Assessment, sub: SubIndicator, s: float, treaty: str | None) -> Answer:
    kind = sub.scoring_rule.get("kind")
    answer = Answer(
        assessment=a,
        sub_indicator=sub,
        coder=Answer.Coder.A,
        as_of=a.edition.period_end,
        confidence=rng.choice(["high", "medium", "medium", "low"]),
    )
    roll = rng.random()
    if kind != "treaty" and roll < 0.05:
        answer.value = "no_data"
        return answer
    if kind == "ynp":
        if sub.code == "4.8a":
            answer.value = "no" if roll > 0.88 else "yes"
        else:
            answer.value = "yes" if roll < s else "partial" if roll < s + (1 - s) * 0.4 else "no"
        answer.justification = (
            f"{a.country.name_en}: {sub.text[:80]} ({answer.value}), per the sources cited."
        )
    elif kind == "treaty":
        answer.value = treaty or ("ratified" if roll < s else "signed" if roll < s + 0.1 else "none")
        answer.justification = "Status from the UN Treaty Collection."
    elif kind == "checklist":
        answer.value = "answered"
        answer.checked = sorted(
            rng.sample(range(sub.elements), k=min(sub.elements, round(sub.elements * s + roll - 0.5)))
        )
        answer.justification = "Elements found in the legislation cited."
    elif kind in ("bands", "context"):
        answer.value = "answered"
        answer.number = Decimal(_number(rng, sub.code, s))
        answer.justification = "Figure from the law or official source cited."
    elif kind == "date_not_expired":
        answer.value = "answered"
        answer.date = a.edition.period_end + timedelta(days=rng.randint(-900, 1400))
        answer.justification = "End date of the plan as adopted."
    return answer


def _number(rng: random.Random, code: str, s: float) -> int:
    if code == "4.2b":
        return rng.choice([13, 14, 15, 16, 16, 18])
    if code == "4.3d":
        return rng.choice([1, 3, 5, 7, 10, 15])
    if code == "4.6c":
        return rng.choice([3, 5, 8, 10, 12, 20])
    if code == "1.2b":
        return rng.randint(50, 5000) * 1000
    return max(0, round(rng.gauss(6 * s, 2)))


def _citations(rng: random.Random, answer: Answer) -> list[Citation]:
    sub = answer.sub_indicator
    if not sub.evidence or answer.value not in ("yes", "partial", "answered") or answer.coder != "a":
        return []
    iso2 = answer.assessment.country.iso2
    name = answer.assessment.country.name_en
    digest = hashlib.sha256(f"{iso2}-{answer.assessment.edition_id}-{sub.code}".encode()).hexdigest()
    if "LEG" in sub.evidence:
        title = f"{name} {rng.choice(LEGAL_TITLES)}"
        article = rng.randint(2, 240)
        return [
            Citation(
                answer=answer,
                kind=Citation.Kind.LEGAL,
                title=title,
                instrument_type="act",
                pinpoint=f"art. {article}",
                in_force_on=date(rng.randint(1995, 2024), rng.randint(1, 12), 1),
                url=f"https://legislation.example.org/{iso2.lower()}/act-{article}",
                quote="Demo quotation of the provision.",
                language="en",
                sha256=digest,
            )
        ]
    return [
        Citation(
            answer=answer,
            kind=Citation.Kind.DOCUMENT,
            title=f"{rng.choice(DOC_TITLES)} ({name})",
            issuing_body=f"Government of {name}",
            in_force_on=date(rng.randint(2015, 2025), rng.randint(1, 12), 1),
            url=f"https://documents.example.org/{iso2.lower()}/{sub.code}",
            language="en",
        )
    ]


def _narratives(rng: random.Random, assessments: list[Assessment], version: Any) -> None:
    pillars = list(version.pillars.values_list("code", "title"))
    indicators = list(version.pillars.values_list("indicators__code", "indicators__title"))
    rows = []
    for a in assessments:
        for code, title in pillars:
            rows.append(
                Narrative(
                    assessment=a,
                    kind=Narrative.Kind.NARRATIVE,
                    code=code,
                    text=f"{a.country.name_en} — {title}: demo narrative summarising progress "
                    f"during {a.edition.period_start.year}\u2013{a.edition.period_end.year}.",
                )
            )
        for code, title in rng.sample(indicators, 4):
            rows.append(
                Narrative(
                    assessment=a,
                    kind=Narrative.Kind.PRIORITY,
                    code=code,
                    text=f"Strengthen {title.lower()} (demo priority action).",
                )
            )
    Narrative.objects.bulk_create(rows)


PATH = {
    State.SECOND_CODING: [(State.DRAFT, State.SECOND_CODING, "submit")],
    State.RECONCILIATION: [
        (State.DRAFT, State.SECOND_CODING, "submit"),
        (State.SECOND_CODING, State.RECONCILIATION, "finish_second_coding"),
    ],
    State.MEMBER_REVIEW: [(State.DRAFT, State.MEMBER_REVIEW, "submit")],
    State.SECRETARIAT_REVIEW: [(State.DRAFT, State.SECRETARIAT_REVIEW, "submit")],
    State.APPROVED: [
        (State.DRAFT, State.SECRETARIAT_REVIEW, "submit"),
        (State.SECRETARIAT_REVIEW, State.APPROVED, "approve"),
    ],
    State.RIGHT_OF_REPLY: [
        (State.DRAFT, State.SECRETARIAT_REVIEW, "submit"),
        (State.SECRETARIAT_REVIEW, State.APPROVED, "approve"),
        (State.APPROVED, State.RIGHT_OF_REPLY, "open_reply"),
    ],
    State.PUBLISHED: [
        (State.DRAFT, State.SECRETARIAT_REVIEW, "submit"),
        (State.SECRETARIAT_REVIEW, State.APPROVED, "approve"),
        (State.APPROVED, State.PUBLISHED, "publish"),
    ],
}
PATH[State.CORRECTED] = [*PATH[State.PUBLISHED], (State.PUBLISHED, State.CORRECTED, "correct")]


def _reviews(assessments: list[Assessment], staff: User | None) -> None:
    rows = [
        Review(
            assessment=a, from_state=src, to_state=dst, decision=decision, actor=staff, comment="Demo step."
        )
        for a in assessments
        for src, dst, decision in PATH.get(a.state, [])
    ]
    Review.objects.bulk_create(rows)
