"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from safeguard.countries.models import Country
from safeguard.network import services
from safeguard.network.demo import DEMO_PDF
from safeguard.network.models import (
    Application,
    Contact,
    MemberRecord,
    MembershipCategory,
    Obligation,
    SupportRequest,
)
from tests.matrix import Entry, every, signed_in

from .factories import make_dues, make_record, pdf

# What site staff may do with each of this app's admin models: (add, change, delete).
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "network.membershipcategory": (True, True, False),
    "network.duesband": (True, True, True),
    "network.memberrecord": (False, False, False),
    "network.application": (False, False, False),
    "network.supportrequest": (False, False, False),
}

STAFF_ONLY = {"outsider": 404, "company_contact": 404}


def _objects(case: Any) -> dict[str, Any]:
    """The objects the rows point at, made once per test (the matrix may be built twice)."""
    org = case.member_org
    record = MemberRecord.objects.filter(organisation=org).first() or make_record(org)
    dues = record.dues.first() or make_dues(record, year=2026, due_on=date(2026, 3, 31))
    obligation = record.obligations.first() or Obligation.objects.create(
        record=record, kind="annual_report", due_on=date(2026, 6, 30), grace_ends_on=date(2026, 9, 30)
    )
    contact = org.network_contacts.first() or Contact.objects.create(
        organisation=org, name="Delegate", email="delegate@example.org", role="delegate"
    )
    document = org.network_documents.first() or services.document_upload(
        organisation=org, upload=pdf(), kind="statutes", title="Statutes", visibility="private", actor=None
    )
    support = SupportRequest.objects.filter(organisation=org).first() or SupportRequest.objects.create(
        organisation=org, topic="other", subject="Help", description="Please"
    )
    application = Application.objects.first()
    if application is None:
        application = Application(
            name="Applicant",
            country=Country.objects.get(iso2="SN"),
            category=MembershipCategory.objects.get(slug="national"),
            description="d",
            contact_name="A",
            contact_email="a@example.org",
        )
        application.statutes.save("s.pdf", ContentFile(DEMO_PDF), save=False)
        application.safeguarding_policy.save("p.pdf", ContentFile(DEMO_PDF), save=False)
        application.save()
    return {
        "coverage": record.coverage.first(),
        "dues": dues,
        "obligation": obligation,
        "contact": contact,
        "document": document,
        "support": support,
        "application": application,
    }


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    o = _objects(case)
    org = "/network/organisations/kenya-member/"
    app = f"/network/applications/{o['application'].reference}/"
    staff_get = signed_in(404, secretariat_admin=200)
    staff_post = signed_in(404, secretariat_admin=302)
    post_only = signed_in(405)
    private = signed_in(200, **STAFF_ONLY)
    edit = signed_in(403, member_admin=200, secretariat_admin=200, **STAFF_ONLY)
    ask = signed_in(200, member_viewer=403, **STAFF_ONLY)
    return {
        "network:directory": Entry("/network/", every(200), every(405)),
        "network:member": Entry("/network/members/kenya-member/", every(200), every(405)),
        "network:apply": Entry("/network/apply/", every(200), every(200)),
        "network:apply-done": Entry("/network/apply/thanks/", every(200), every(405)),
        "network:applications": Entry("/network/applications/", staff_get, post_only),
        "network:application": Entry(app, staff_get, post_only),
        "network:application-file": Entry(app + "files/statutes/", staff_get, post_only),
        "network:application-checklist": Entry(app + "checklist/", post_only, staff_post),
        "network:application-advance": Entry(app + "advance/", post_only, staff_post),
        "network:application-recommend": Entry(app + "recommend/", post_only, staff_post),
        "network:application-decide": Entry(app + "decide/", post_only, staff_post),
        "network:records": Entry("/network/records/", staff_get, post_only),
        "network:export": Entry("/network/records/export.csv", staff_get, post_only),
        "network:import": Entry("/network/records/import/", staff_get, staff_get),
        "network:organisation": Entry(org, private, post_only),
        "network:status-change": Entry(org + "status/", post_only, staff_post),
        "network:override": Entry(org + "override/", post_only, staff_post),
        "network:record-edit": Entry(org + "record/", staff_get, staff_get),
        "network:coverage-add": Entry(org + "coverage/", post_only, staff_post),
        "network:coverage-end": Entry(f"/network/coverage/{o['coverage'].pk}/end/", post_only, staff_post),
        "network:contact-add": Entry(org + "contacts/add/", edit, edit),
        "network:contact-edit": Entry(f"{org}contacts/{o['contact'].pk}/", edit, edit),
        "network:document-add": Entry(org + "documents/add/", edit, edit),
        "network:support-new": Entry(org + "support/new/", ask, ask),
        "network:document": Entry(
            f"/network/documents/{o['document'].pk}/", every(200, anonymous=404, **STAFF_ONLY), every(405)
        ),
        "network:dues-paid": Entry(f"/network/dues/{o['dues'].pk}/paid/", post_only, staff_post),
        "network:dues-waiver": Entry(
            f"/network/dues/{o['dues'].pk}/waiver/",
            post_only,
            signed_in(403, member_admin=302, secretariat_admin=302, **STAFF_ONLY),
        ),
        "network:dues-waiver-decide": Entry(
            f"/network/dues/{o['dues'].pk}/waiver/decide/", post_only, staff_post
        ),
        "network:obligation-met": Entry(
            f"/network/obligations/{o['obligation'].pk}/met/", post_only, staff_post
        ),
        "network:support-list": Entry("/network/support/", staff_get, post_only),
        "network:support-detail": Entry(f"/network/support/{o['support'].pk}/", private, ask),
        "network:support-triage": Entry(f"/network/support/{o['support'].pk}/triage/", post_only, staff_post),
        "api:list_members": Entry("/api/v1/network/members", every(200), every(405)),
        "api:get_member": Entry("/api/v1/network/members/kenya-member", every(200), every(405)),
    }
