"""Full recount: compare every counter with the signatures; alert (log + mail to admins) on drift."""

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.campaigns import services


class Command(BaseCommand):
    help = "Recount every petition; drift is logged, mailed to ADMINS and repaired unless --no-fix."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-fix", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.counts_recount(fix=not options["no_fix"])
        self.stdout.write(f"checked {result.checked} petitions, {len(result.drift)} drifting counters")
