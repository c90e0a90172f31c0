"""Who may see, read, upload and curate library resources: the one place that decides.

Search, snippets, OAI-PMH, the API, the CSV export and the pages all filter with the querysets
below *before* they rank, count or quote anything, so a text a user may not read can never
reach them. Outsiders get 404 for what they may not see; members without the right get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404

from safeguard.accounts.access import is_secretariat_staff
from safeguard.accounts.models import Membership, Organisation

from .models import Access, Resource, ResourceFile, ResourceVersion, SearchUnit

NETWORK_KINDS = frozenset({Organisation.Kind.MEMBER, Organisation.Kind.SECRETARIAT})
UPLOAD_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.ADMIN, Membership.Role.EDITOR})


def _memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, fetched once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_library_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._library_memberships = cached
    return cached


def network_organisation_ids(user: Any) -> list[int]:
    """The member organisations (and Secretariat) the user belongs to."""
    return [m.organisation_id for m in _memberships(user) if m.organisation.kind in NETWORK_KINDS]


def is_network_member(user: Any) -> bool:
    return bool(network_organisation_ids(user))


def is_curator(user: Any) -> bool:
    """Secretariat staff review and publish submissions."""
    return is_secretariat_staff(user)


def may_upload(user: Any) -> bool:
    """Vetted people only: Secretariat staff, and editors or above of a member organisation."""
    if is_secretariat_staff(user):
        return True
    return any(
        m.organisation.kind == Organisation.Kind.MEMBER and m.role in UPLOAD_ROLES for m in _memberships(user)
    )


def _level_q(user: Any, prefix: str, resource_path: str) -> Q:
    """Rows whose access level at ``prefix`` lets ``user`` in (embargoes: curators only).

    Flat conditions on joined columns (no nested subquery but the restricted-organisation one),
    so the database can plan search and facet queries over tens of thousands of rows.
    """
    allowed = Q(**{f"{prefix}access": Access.PUBLIC})
    org_ids = network_organisation_ids(user)
    if org_ids:
        allowed |= Q(**{f"{prefix}access": Access.MEMBERS})
        through = Resource.restricted_to.through
        named = through.objects.filter(organisation_id__in=org_ids).values("resource_id")
        allowed |= Q(**{f"{prefix}access": Access.RESTRICTED, f"{resource_path}__in": named})
    return allowed


def _current(prefix: str) -> Q:
    """The version at ``prefix`` is its resource's current published one, not withdrawn."""
    return Q(
        **{
            f"{prefix}status": ResourceVersion.Status.PUBLISHED,
            f"{prefix}resource__current_version": F(f"{prefix}pk"),
            f"{prefix}resource__withdrawn_at__isnull": True,
        }
    )


def visible_resources(user: Any) -> QuerySet[Resource]:
    """Resources whose current published metadata the user may see."""
    published = Resource.objects.filter(current_version__isnull=False, withdrawn_at__isnull=True)
    if is_curator(user):
        return published
    return published.filter(_level_q(user, "", "pk"))


def visible_versions(user: Any) -> QuerySet[ResourceVersion]:
    """Current published versions the user may see (the search and export universe)."""
    versions = ResourceVersion.objects.filter(_current(""))
    if is_curator(user):
        return versions
    return versions.filter(_level_q(user, "resource__", "resource"))


def readable_files(user: Any) -> QuerySet[ResourceFile]:
    """Files of visible current versions whose own access level lets the user read them."""
    files = ResourceFile.objects.filter(_current("version__"))
    if is_curator(user):
        return files
    return files.filter(_level_q(user, "version__resource__", "version__resource")).filter(
        _level_q(user, "", "version__resource")
    )


def searchable_units(user: Any, *, texts: bool = True) -> QuerySet[SearchUnit]:
    """Index rows the user may match: metadata of visible versions, text of readable files only.

    Decided on the access levels copied onto each row (``SearchUnit``), with the same rule as
    ``visible_versions`` and ``readable_files``; the index holds current published versions only.
    With ``texts=False``, the metadata rows alone (one per visible version).
    """
    units = SearchUnit.objects.all() if texts else SearchUnit.objects.filter(file__isnull=True)
    if is_curator(user):
        return units
    units = units.filter(_level_q(user, "resource_", "resource"))
    if not texts:
        return units
    return units.filter(Q(file__isnull=True) | _level_q(user, "file_", "resource"))


def may_read_file(user: Any, file: ResourceFile) -> bool:
    return readable_files(user).filter(pk=file.pk).exists()


def get_resource_for_user(user: Any, slug: str) -> Resource:
    """A published resource's landing page: 404 when missing, withdrawn or not visible."""
    resource = visible_resources(user).select_related("current_version").filter(slug=slug).first()
    if resource is None:
        raise Http404
    return resource


def get_file_for_user(user: Any, pk: int) -> ResourceFile:
    """A file to download: 404 unless its resource is visible; 403 when only the file is closed."""
    file = ResourceFile.objects.select_related("version__resource").filter(pk=pk).first()
    if file is None or not visible_versions(user).filter(pk=file.version_id).exists():
        raise Http404
    if not may_read_file(user, file):
        raise PermissionDenied
    return file


def get_submission_for_user(user: Any, pk: int, *, review: bool = False) -> ResourceVersion:
    """A submitted version: its contributor and curators see it; only curators review it."""
    version = ResourceVersion.objects.select_related("resource").filter(pk=pk).first()
    if version is None:
        raise Http404
    own = user.is_authenticated and version.submitted_by_id == user.pk
    if not (own or is_curator(user)):
        raise Http404
    if review and not is_curator(user):
        raise PermissionDenied
    return version


def check_upload(user: Any) -> None:
    if not may_upload(user):
        raise PermissionDenied


def check_curator(user: Any) -> None:
    """The review queue: 404 for the public and outsiders, 403 for network members."""
    if is_curator(user):
        return
    if is_network_member(user):
        raise PermissionDenied
    raise Http404


def harvestable_resources() -> QuerySet[Resource]:
    """What OAI-PMH exposes: published resources with public metadata, withdrawn ones as tombstones."""
    return Resource.objects.filter(current_version__isnull=False, access=Access.PUBLIC)


def contributing_organisation(user: Any) -> Organisation | None:
    """The organisation a contributor uploads for: their member organisation, else the Secretariat."""
    memberships = sorted(_memberships(user), key=lambda m: m.organisation.kind != Organisation.Kind.MEMBER)
    return next((m.organisation for m in memberships if m.organisation.kind in NETWORK_KINDS), None)
