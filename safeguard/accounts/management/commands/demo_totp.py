from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.demo import DEMO_TOTP_SECRET, is_demo_database


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo logins (demo sites only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_demo_database():
            raise CommandError("Only for a database that holds the demo data and nothing else.")
        counter = list(yield_hotp_counters_from_time())
        current = counter[len(counter) // 2]
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
