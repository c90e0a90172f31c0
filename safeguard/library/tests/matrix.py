"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.matrix import Entry, every, signed_in

READ_ONLY = (False, False, False)
# What site staff may do with each of this app's admin models: (add, change, delete).
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "library.resource": READ_ONLY,
    "library.resourceversion": READ_ONLY,
    "library.usagecount": READ_ONLY,
}


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    from safeguard.library.models import ResourceFile

    from .helpers import make_published, make_submission

    published = make_published(case.member_editor, case.secretariat_admin, title="Matrix report")
    to_withdraw = make_published(case.member_editor, case.secretariat_admin, title="Matrix withdrawn")
    waiting = make_submission(case.member_editor, title="Matrix submission")
    slug = published.resource.slug
    file = ResourceFile.objects.get(version=published)
    uploaders = {"member_viewer": 403, "company_contact": 403}
    not_network = {"company_contact": 404}
    others = {"member_viewer": 404, "member_admin": 404, "outsider": 404, "company_contact": 404}
    return {
        "library:search": Entry("/library/", every(200), every(405)),
        "library:oai": Entry("/library/oai", every(200), every(200), {"verb": "Identify"}),
        "library:catalogue-csv": Entry("/library/catalogue.csv", every(200), every(405)),
        "library:upload": Entry("/library/submit/", signed_in(200, **uploaders), signed_in(200, **uploaders)),
        "library:review-queue": Entry(
            "/library/review/", signed_in(403, secretariat_admin=200, **not_network), signed_in(405)
        ),
        "library:submission": Entry(
            f"/library/submissions/{waiting.pk}/",
            signed_in(200, **others),
            signed_in(200, member_editor=403, **others),
        ),
        "library:download": Entry(f"/library/files/{file.pk}/", every(200), every(405)),
        "library:detail": Entry(f"/library/{slug}/", every(200), every(405)),
        "library:export": Entry(f"/library/{slug}/cite.bibtex", every(200), every(405)),
        "library:withdraw": Entry(
            f"/library/{to_withdraw.resource.slug}/withdraw/",
            signed_in(405),
            signed_in(403, secretariat_admin=302, **not_network),
        ),
        "api:library_search": Entry("/api/v1/library/resources", every(200), every(405)),
        "api:library_resource": Entry(f"/api/v1/library/resources/{slug}", every(200), every(405)),
    }
