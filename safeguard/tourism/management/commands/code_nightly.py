"""Run nightly (cron or a systemd timer): ``manage.py code_nightly``.

Enqueues the annual-report reminders (90, 60, 30 and 7 days before the deadline), the overdue
notices to company and Local Code Representative, marks reports missed after the grace period
and suspends members after the configured number of missed reports (their certificates are
revoked). Running it twice on the same day changes nothing the second time.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguard.tourism.services import nightly_run


class Command(BaseCommand):
    help = "The Code's nightly reminders, overdue notices and suspensions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="run as of this day (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = nightly_run(today=options["date"])
        reminders = ", ".join(f"{days} d: {n}" for days, n in result.reminders.items())
        self.stdout.write(
            f"reminders ({reminders}); overdue notices: {result.overdue_notices}; "
            f"missed: {result.missed}; suspended: {result.suspended}"
        )
