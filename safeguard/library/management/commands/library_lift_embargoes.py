"""Open files whose embargo has ended. Run daily (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.library.services import embargoes_lift


class Command(BaseCommand):
    help = "Lift the embargo of every library file whose embargo date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{embargoes_lift()} embargoes lifted")
