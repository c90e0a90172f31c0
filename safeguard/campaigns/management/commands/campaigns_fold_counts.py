"""Fold pending count changes into the counters (``--loop`` every few seconds)."""

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.campaigns import services

from ._loop import add_loop_arguments


class Command(BaseCommand):
    help = "Fold count deltas into the counter shards; --loop keeps doing it every --interval seconds."

    def add_arguments(self, parser: Any) -> None:
        add_loop_arguments(parser, 3.0)

    def handle(self, *args: Any, **options: Any) -> None:
        def step() -> None:
            folded = services.counts_fold()
            if folded and options["verbosity"] > 1:
                self.stdout.write(f"folded {folded}")

        if options["loop"]:
            services.loop(step, interval=options["interval"], stop_after=options["stop_after"])
        else:
            self.stdout.write(f"folded {services.counts_fold()}")
