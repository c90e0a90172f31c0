"""The signature outbox worker: rate checks and confirmation mails, then a fold of the counts."""

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.campaigns import services

from ._loop import add_loop_arguments


class Command(BaseCommand):
    help = "Process unprocessed signatures (rate checks, mails) and fold counts; --loop to keep going."

    def add_arguments(self, parser: Any) -> None:
        add_loop_arguments(parser, 2.0)

    def handle(self, *args: Any, **options: Any) -> None:
        def step() -> None:
            while True:
                result = services.signatures_process()
                if options["verbosity"] > 1 and (result.mailed or result.quarantined):
                    self.stdout.write(f"mailed {result.mailed}, quarantined {result.quarantined}")
                # A short batch means the outbox is drained for now. Going on would chase each new
                # arrival in batches of a few rows, paying a batch's fixed queries for every one.
                if result.taken < services.OUTBOX_BATCH:
                    break
            services.counts_fold()

        if options["loop"]:
            services.loop(step, interval=options["interval"], stop_after=options["stop_after"])
        else:
            step()
