"""The network's daily job; run it once a day from cron or a systemd timer:

    uv run python manage.py network_daily

It sends reminders for obligations due within 30 days, escalates overdue ones (each once),
reminds members of documents that expire within 30 days, and
moves full members with dues unpaid after their due date into "in arrears" (and back once paid),
unless a standing override holds them. The emails go out as background tasks.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguard.network.services import network_daily


class Command(BaseCommand):
    help = "Obligation reminders and escalations, and arrears status, for the network (daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on", type=date.fromisoformat, help="Run as if today were this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = network_daily(on=options["on"])
        self.stdout.write(
            f"reminded {result.reminded}, escalated {result.escalated}, "
            f"documents expiring {result.documents_expiring}, "
            f"to arrears {result.to_arrears}, back to full {result.back_to_full}"
        )
