"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from safeguard.monitoring.models import Assessment, Citation
from tests.matrix import Entry, every, signed_in

# What site staff may do with each of this app's admin models: (add, change, delete).
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "monitoring.frameworkversion": (False, False, False),
    "monitoring.subindicator": (False, False, False),
    "monitoring.edition": (True, True, False),
    "monitoring.assessment": (False, False, False),
}

PUBLIC = (every(200), every(405))
# The workspace of a Kenyan assessment: Kenya's member staff and the Secretariat; others 404.
PRIVATE = {"outsider": 404, "company_contact": 404}
DRAFTERS = dict(member_viewer=403, **PRIVATE)
REVIEWERS = dict(member_viewer=403, member_editor=403, member_admin=403, **PRIVATE)


def _objects(case: Any) -> dict[str, Any]:
    """The objects the rows point at, made once per test (the matrix may be built twice)."""
    from safeguard.monitoring import services

    from .factories import make_assessment, make_edition, publish, put_answer

    edition = make_edition()
    draft = Assessment.objects.filter(edition=edition, country__iso2="KE").first()
    if draft is None:
        draft = make_assessment("KE", edition=edition)
        answer = put_answer(draft, "4.3a", "yes")
        put_answer(draft, "6.1a", "yes")
        Citation.objects.create(answer=answer, kind="legal", title="To delete")
        services.scores_recompute([draft])
    earlier = make_edition("2023", 2023)
    published = Assessment.objects.filter(edition=earlier, country__iso2="KE").first()
    if published is None:
        published = make_assessment("KE", edition=earlier)
        put_answer(published, "4.3a", "yes")
        publish(published, case.secretariat_admin)
    citation = Citation.objects.filter(title="To delete").first()
    return {"draft": draft, "published": published, "citation_pk": citation.pk if citation else 0}


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    o = _objects(case)
    draft = f"/monitoring/assessments/{o['draft'].pk}/"
    published = f"/monitoring/assessments/{o['published'].pk}/"
    answer = {"value": "yes", "justification": "Penal Code s. 5", "confidence": "high"}
    return {
        "monitoring:index": Entry("/monitoring/", *PUBLIC),
        "monitoring:compare": Entry("/monitoring/compare/?country=KE", *PUBLIC),
        "monitoring:methodology": Entry("/monitoring/methodology/", *PUBLIC),
        "monitoring:data": Entry("/monitoring/data/", *PUBLIC),
        "monitoring:datapackage": Entry("/monitoring/data/datapackage.json", *PUBLIC),
        "monitoring:export-csv": Entry("/monitoring/data/answers.csv", *PUBLIC),
        "monitoring:export-xlsx": Entry("/monitoring/data/monitoring.xlsx", *PUBLIC),
        "monitoring:report": Entry("/monitoring/2023/ke/", *PUBLIC),
        "monitoring:report-pdf": Entry("/monitoring/2023/ke/report.pdf", *PUBLIC),
        "monitoring:assessments": Entry(
            "/monitoring/assessments/", signed_in(200, company_contact=404), signed_in(405)
        ),
        "monitoring:assessment": Entry(draft, signed_in(200, **PRIVATE), signed_in(405)),
        "monitoring:answer": Entry(
            draft + "answers/6.1a/", signed_in(200, **PRIVATE), signed_in(302, **DRAFTERS), answer
        ),
        "monitoring:citation-add": Entry(
            draft + "answers/6.1a/citations/",
            signed_in(405),
            signed_in(302, **DRAFTERS),
            {"kind": "legal", "title": "Children Act", "pinpoint": "s. 2"},
        ),
        # The first drafter to post removes the citation; after that it no longer exists.
        "monitoring:citation-delete": Entry(
            f"/monitoring/citations/{o['citation_pk']}/delete/",
            signed_in(405),
            signed_in(404, member_viewer=403, member_editor=302),
        ),
        "monitoring:narrative": Entry(
            draft + "texts/P1/", signed_in(200, **PRIVATE), signed_in(302, **DRAFTERS), {"text": "Progress."}
        ),
        # Approving is for the Secretariat; a draft cannot be approved, so the reviewer is sent back.
        "monitoring:transition": Entry(
            draft + "transition/", signed_in(405), signed_in(302, **REVIEWERS), {"action": "approve"}
        ),
        "monitoring:correct": Entry(
            published + "correct/?code=6.1a",
            signed_in(200, **REVIEWERS),
            signed_in(302, **REVIEWERS),
            {**answer, "code": "6.1a", "note": "6.1a corrected."},
        ),
        "monitoring:import": Entry(
            "/monitoring/import/",
            signed_in(403, company_contact=404, secretariat_admin=200),
            signed_in(403, company_contact=404, secretariat_admin=400),
        ),
        "api:monitoring_editions": Entry("/api/v1/monitoring/editions", every(200), every(405)),
        "api:monitoring_scores": Entry("/api/v1/monitoring/editions/2023/scores", every(200), every(405)),
        "api:monitoring_assessment": Entry(
            "/api/v1/monitoring/editions/2023/countries/ke", every(200), every(405)
        ),
        "api:monitoring_framework": Entry("/api/v1/monitoring/frameworks/2026.1", every(200), every(405)),
    }
