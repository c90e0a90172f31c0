"""Daily: anonymise the signers of campaigns whose retention after the last handover has passed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguard.campaigns import services
from safeguard.campaigns.models import Campaign


class Command(BaseCommand):
    help = "Anonymise signers' personal data when retention is over (or now, with --campaign SLUG)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--campaign", help="anonymise this campaign now, whatever its retention")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["campaign"]:
            campaign = Campaign.objects.filter(slug=options["campaign"]).first()
            if campaign is None:
                raise CommandError("no such campaign")
            done = [(campaign.slug, services.campaign_anonymise(campaign=campaign))]
        else:
            done = services.anonymise_due()
        for slug, count in done:
            self.stdout.write(f"{slug}: {count} signatures anonymised")
