"""Weekly link check of the where-to-report directory (run by cron/systemd timer):

    manage.py online_check_links

HEAD (GET when HEAD is refused) with a 10-second timeout on every listed web address; entries
that cannot be reached are marked unverified, so the page shows them with a warning.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.online.services import channels_check_links


class Command(BaseCommand):
    help = "Check the addresses of the reporting channels; mark unreachable ones unverified."

    def handle(self, *args: Any, **options: Any) -> None:
        report = channels_check_links()
        for channel in report.unreachable:
            self.stdout.write(
                f"unreachable: {channel.pk} {channel.name} <{channel.url}> {channel.last_check_result}"
            )
        self.stdout.write(f"Checked {report.checked} addresses; {len(report.unreachable)} unreachable.")
