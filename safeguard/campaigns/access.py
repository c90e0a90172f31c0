"""Who may see or change what in campaigns.

Public: open and closed campaigns, their petitions, action pages and counts. Secretariat staff
run campaigns (moderation, paper batches, handovers); editors and above may change things.
A member organisation sees the signers of its own action pages, and their emails only where the
signer consented. Outsiders get 404, read-only people 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguard.accounts.access import is_member_of, is_secretariat_staff, secretariat_role

from .models import ActionPage, Campaign, Petition

WRITE_ROLES = frozenset({"owner", "admin", "editor"})


def may_run_campaigns(user: Any) -> bool:
    return is_secretariat_staff(user)


def may_change_campaigns(user: Any) -> bool:
    return secretariat_role(user) in WRITE_ROLES


def check_campaign_staff(user: Any, *, write: bool = False) -> None:
    """Secretariat pages of campaigns: 404 for everyone else, 403 for read-only staff writing."""
    if not may_run_campaigns(user):
        raise Http404
    if write and not may_change_campaigns(user):
        raise PermissionDenied


def get_campaign_for_user(user: Any, slug: str) -> Campaign:
    """A public campaign for everyone; a draft only for Secretariat staff."""
    campaign = Campaign.objects.select_related("owner").filter(slug=slug).first()
    if campaign is None or (campaign.status == Campaign.Status.DRAFT and not may_run_campaigns(user)):
        raise Http404
    return campaign


def get_petition_for_user(user: Any, slug: str, *, manage: bool = False, write: bool = False) -> Petition:
    petition = Petition.objects.select_related("campaign").prefetch_related("texts").filter(slug=slug).first()
    if petition is None:
        raise Http404
    if manage or write:
        check_campaign_staff(user, write=write)
    elif petition.campaign.status == Campaign.Status.DRAFT and not may_run_campaigns(user):
        raise Http404
    return petition


def get_action_page_for_user(user: Any, slug: str, *, private: bool = False) -> ActionPage:
    """Public when active; its private side (signers) for its organisation and the Secretariat."""
    page = (
        ActionPage.objects.select_related("petition__campaign", "organisation", "country")
        .filter(slug=slug)
        .first()
    )
    if page is None:
        raise Http404
    if private:
        if not (is_member_of(user, page.organisation) or may_run_campaigns(user)):
            raise Http404
        return page
    hidden = not page.is_active or page.petition.campaign.status == Campaign.Status.DRAFT
    if hidden and not (is_member_of(user, page.organisation) or may_run_campaigns(user)):
        raise Http404
    return page
