"""List the directory entries due for re-verification (not verified for six months):

manage.py online_stale_channels
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.online.queries import stale_channels


class Command(BaseCommand):
    help = "List reporting channels not verified for six months or more."

    def handle(self, *args: Any, **options: Any) -> None:
        channels = list(stale_channels())
        for channel in channels:
            where = channel.country.iso2 if channel.country else "international"
            verified = channel.last_verified_on.isoformat() if channel.last_verified_on else "never"
            self.stdout.write(f"{where}\t{channel.name}\tlast verified {verified}")
        self.stdout.write(f"{len(channels)} entries due for re-verification.")
