from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoRefused, demo_load


class Command(BaseCommand):
    help = "Load the deterministic demo network (once; a second run changes nothing) and print its logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = demo_load()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\nDEMO DATA — every organisation and person here is invented.\n")
        self.stdout.write(f"Password for every login: {DEMO_PASSWORD}\n")
        width = max(len(login.email) for login in logins)
        for login in logins:
            mark = "  (second factor)" if login.has_totp else ""
            self.stdout.write(f"  {login.email:<{width}}  {login.persona}{mark}")
        self.stdout.write(
            f"\nLogins marked (second factor) use the published TOTP secret {DEMO_TOTP_SECRET}:\n"
            "add it to an authenticator app, or print the current code with `uv run safeguard demo_totp`."
        )
