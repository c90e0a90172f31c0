from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo logins (demo sites only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SAFEGUARD_DEMO:
            raise CommandError("Only for demo sites (SAFEGUARD_DEMO=true).")
        counter = list(yield_hotp_counters_from_time())
        current = counter[len(counter) // 2]
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
