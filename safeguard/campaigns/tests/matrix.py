"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.matrix import Entry, every, signed_in

from .. import identity
from ..models import Invalidation, Milestone, PaperBatch, Signature

EDITABLE = (True, True, True)
READ_ONLY = (False, False, False)
# What site staff may do with each of this app's admin models: (add, change, delete).
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "campaigns.campaign": EDITABLE,
    "campaigns.petition": EDITABLE,
    "campaigns.countrychapter": EDITABLE,
    "campaigns.actionpage": EDITABLE,
    "campaigns.milestone": EDITABLE,
    "campaigns.ratelimit": EDITABLE,
    "campaigns.blockrule": EDITABLE,
    "campaigns.paperbatch": READ_ONLY,
    "campaigns.invalidation": READ_ONLY,
    "campaigns.handover": READ_ONLY,
}


def _signature(petition: Any, email: str, token: str) -> Signature:
    return Signature.objects.create(
        petition=petition,
        country=petition.campaign.owner.country,
        email=email,
        email_hmac=identity.email_hmac(email),
        consent_count=True,
        processed=True,
        token_hash=identity.token_hash(token),
        token_expires_at=timezone.now() + timedelta(days=1),
    )


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    from .helpers import make_action_page, make_campaign, make_chapter, make_petition

    campaign = make_campaign(owner=case.secretariat)
    petition = make_petition(campaign)
    page = make_action_page(petition, case.member_org)
    chapter = make_chapter(campaign, "KE")
    target = chapter.targets.get()
    Milestone.objects.create(petition=petition, threshold=1000)
    batch = PaperBatch.objects.create(
        petition=petition,
        kind="tally",
        country=chapter.country,
        place="Shop",
        collector="Team",
        collected_on=date(2026, 1, 1),
        tally=10,
    )
    invalidation = Invalidation.objects.create(
        petition=petition, conditions={"country": "PE"}, reason="test", created_by=case.secretariat_admin
    )
    _signature(petition, "confirm@example.org", "matrix-confirm-token")
    data_signature = _signature(petition, "data@example.org", "matrix-data-token")
    link = identity.signer_link_token(data_signature.pk, data_signature.email_hmac)

    public = (every(200), every(405))
    private = {"outsider": 404, "company_contact": 404}
    staff_only = {
        p: 404 for p in ("member_viewer", "member_editor", "member_admin", "outsider", "company_contact")
    }
    staff_get = signed_in(200, **staff_only)
    staff_post_405 = signed_in(405)
    p, m = petition.slug, "/campaigns/manage"
    return {
        "campaigns:campaign-list": Entry("/campaigns/", *public),
        "campaigns:campaign-detail": Entry(f"/campaigns/c/{campaign.slug}/", *public),
        "campaigns:petition-detail": Entry(f"/campaigns/p/{p}/", *public),
        "campaigns:petition-sign": Entry(f"/campaigns/p/{p}/sign/", every(405), every(400)),
        "campaigns:petition-thanks": Entry(f"/campaigns/p/{p}/thanks/", *public),
        "campaigns:action-page": Entry(f"/campaigns/a/{page.slug}/", *public),
        "campaigns:action-sign": Entry(f"/campaigns/a/{page.slug}/sign/", every(405), every(400)),
        "campaigns:action-signers": Entry(
            f"/campaigns/a/{page.slug}/signers/", signed_in(200, **private), staff_post_405
        ),
        # Confirming is harmless to repeat: the first POST confirms, the others say "already".
        "campaigns:signature-confirm": Entry(
            "/campaigns/confirm/matrix-confirm-token/", every(200), every(200)
        ),
        "campaigns:signature-data": Entry(f"/campaigns/my-data/{link}/", every(200), every(405)),
        # The first POST removes the signature; its link is dead for everyone after.
        "campaigns:signature-remove": Entry(
            f"/campaigns/remove/{link}/", every(200), every(404, anonymous=200)
        ),
        "campaigns:embed-counter": Entry(f"/campaigns/embed/{p}/counter/", *public),
        "campaigns:embed-sign": Entry(f"/campaigns/embed/{p}/sign/", *public),
        "campaigns:petition-manage": Entry(f"{m}/p/{p}/", staff_get, staff_post_405),
        "campaigns:paper-tally": Entry(f"{m}/p/{p}/paper/tally/", staff_get, staff_get),
        "campaigns:paper-keyed": Entry(f"{m}/p/{p}/paper/keyed/", staff_get, signed_in(400, **staff_only)),
        "campaigns:invalidation-new": Entry(f"{m}/p/{p}/invalidate/", staff_get, staff_get),
        "campaigns:paper-batch": Entry(f"{m}/paper/{batch.pk}/", staff_get, staff_post_405),
        "campaigns:paper-approve": Entry(
            f"{m}/paper/{batch.pk}/approve/", staff_post_405, signed_in(302, **staff_only)
        ),
        "campaigns:invalidation-detail": Entry(
            f"{m}/invalidations/{invalidation.pk}/", staff_get, staff_post_405
        ),
        "campaigns:invalidation-undo": Entry(
            f"{m}/invalidations/{invalidation.pk}/undo/", staff_post_405, signed_in(302, **staff_only)
        ),
        "campaigns:chapter-detail": Entry(f"{m}/chapters/{chapter.pk}/", staff_get, staff_get),
        "campaigns:handover-pdf": Entry(
            f"{m}/chapters/{chapter.pk}/targets/{target.pk}/pack.pdf", staff_get, staff_post_405
        ),
        "campaigns:handover-csv": Entry(
            f"{m}/chapters/{chapter.pk}/signatures.csv", staff_get, staff_post_405
        ),
        "api:list_campaigns": Entry("/api/v1/campaigns/", *public),
        "api:petition_counts": Entry(f"/api/v1/campaigns/petitions/{p}/counts", *public),
    }
