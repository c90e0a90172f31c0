"""This app's rows of the permission matrix (tests/test_permission_matrix.py).

Kenya Member (member_viewer, member_editor, member_admin) is the Local Code Representative for
Kenya and Thailand; Tour Company (company_contact, editor) is an active member in Thailand;
Peru Member (outsider) has nothing to do with The Code.
"""

from __future__ import annotations

from typing import Any

from safeguard.tourism.models import Answer, Certificate, State
from tests.matrix import Entry, every, signed_in, staff

from .factories import make_report, make_representative, make_signatory

# What site staff may do with each of this app's admin models: (add, change, delete).
READ_ONLY = (False, False, False)
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "tourism.criteriaversion": READ_ONLY,
    "tourism.criterion": READ_ONLY,
    "tourism.feeband": READ_ONLY,
    "tourism.partnerdiscount": (True, True, True),
    "tourism.representative": (True, True, True),
    "tourism.signatory": (True, True, True),
    "tourism.annualreport": READ_ONLY,
    "tourism.certificate": READ_ONLY,
    "tourism.transition": READ_ONLY,
}


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    make_representative(case.member_org, "KE", "TH")
    company = make_signatory(
        organisation=case.company_org, state=State.ACTIVE, country="TH", slug="tour-company"
    )
    report = make_report(company)
    answer = Answer.objects.filter(report=report).order_by("criterion__number").first()
    certificate = Certificate.objects.create(
        signatory=company, year=2026, code="TC-TH-2026-MATRIX", valid_until=report.deadline
    )
    # A signatory in a state where no plain step applies to anybody, so POSTs change nothing.
    s = f"/code/s/{company.slug}"
    r = f"{s}/reports/{report.year}"
    private = {"outsider": 404}
    reader = signed_in(200, **private)
    # Company writers and representative writers may act; viewers read only; Secretariat acts.
    actors = signed_in(302, member_viewer=403, **private)
    company_only = signed_in(403, company_contact=302, **private)
    staff_only = signed_in(403, secretariat_admin=302, **private)
    rep = case.member_org.code_representative
    histories = {
        "admin:tourism_signatory_simple_history": Entry(
            f"/admin/tourism/signatory/{company.pk}/history/{company.history.first().history_id}/",
            staff(200),
            staff(200),
        ),
        "admin:tourism_representative_simple_history": Entry(
            f"/admin/tourism/representative/{rep.pk}/history/{rep.history.first().history_id}/",
            staff(200),
            staff(200),
        ),
    }
    return histories | {
        "tourism:directory": Entry("/code/", every(200), every(405)),
        "tourism:directory-csv": Entry("/code/members.csv", every(200), every(405)),
        "tourism:member": Entry("/code/members/tour-company/", every(200), every(405)),
        "tourism:check": Entry("/code/check/?name=tour", every(200), every(405)),
        "tourism:criteria": Entry("/code/criteria/", every(200), every(405)),
        # An incomplete application is shown again with its errors (200), nothing is stored.
        "tourism:apply": Entry("/code/apply/", every(200), every(200), {"name": ""}),
        "tourism:apply-done": Entry("/code/apply/thanks/", every(200), every(405)),
        "tourism:verify": Entry(f"/code/verify/{certificate.code}/", every(200), every(405)),
        "tourism:dashboard": Entry("/code/manage/", signed_in(200), signed_in(405)),
        "tourism:pipeline": Entry("/code/manage/signatories/", signed_in(200), signed_in(405)),
        "tourism:pipeline-csv": Entry(
            "/code/manage/signatories.csv",
            signed_in(200, outsider=404, company_contact=404),
            signed_in(405),
        ),
        "tourism:import": Entry(
            "/code/manage/import/",
            signed_in(404, secretariat_admin=200),
            signed_in(404, secretariat_admin=200),
        ),
        "tourism:signatory": Entry(f"{s}/", reader, signed_in(405)),
        # "suspend" is the Secretariat's; the others are refused before anything changes.
        "tourism:signatory-step": Entry(f"{s}/step/", signed_in(405), actors, {"step": "no-such-step"}),
        "tourism:plan": Entry(f"{s}/plan/", reader, actors),
        "tourism:sign": Entry(f"{s}/sign/", reader, signed_in(200, member_viewer=403, **private)),
        "tourism:appeal": Entry(f"{s}/appeal/", signed_in(405), company_only, {"reason": "x"}),
        "tourism:appeal-decide": Entry(
            f"{s}/appeals/999/decide/", signed_in(405), staff_only | {"secretariat_admin": 404}
        ),
        "tourism:certificate": Entry(f"{s}/certificate/2026.pdf", reader, signed_in(405)),
        "tourism:report": Entry(f"{r}/", reader, company_only | {"company_contact": 404}),
        "tourism:report-submit": Entry(f"{r}/submit/", signed_in(405), company_only),
        "tourism:report-review": Entry(
            f"{r}/review/",
            signed_in(405),
            signed_in(302, member_viewer=403, company_contact=403, **private),
        ),
        "tourism:report-comment": Entry(f"{r}/answers/{answer.pk}/comment/", signed_in(405), actors),
        "tourism:report-document": Entry(
            f"{r}/answers/{answer.pk}/document/", signed_in(404), signed_in(405)
        ),
        "api:list_code_members": Entry("/api/v1/code/members", every(200), every(405)),
        "api:get_code_member": Entry("/api/v1/code/members/tour-company", every(200), every(405)),
        "api:verify_code_certificate": Entry(
            f"/api/v1/code/certificates/{certificate.code}", every(200), every(405)
        ),
    }
