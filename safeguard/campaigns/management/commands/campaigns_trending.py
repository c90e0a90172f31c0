"""Hourly: IP hashes and email domains signing far more than usual; logs, and mails admins above --notify."""

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.campaigns import services


class Command(BaseCommand):
    help = "Report trending IPs and email domains of open petitions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=1)
        parser.add_argument("--threshold", type=int, default=50)
        parser.add_argument("--notify", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        found = services.trending_alert(
            hours=options["hours"], threshold=options["threshold"], notify_above=options["notify"]
        )
        for slug, trend in found:
            self.stdout.write(f"{slug}: {trend.kind} {trend.key} {trend.count}")
