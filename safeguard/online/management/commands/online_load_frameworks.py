"""Load (or refresh) the frameworks data file: ``manage.py online_load_frameworks [--file PATH]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from safeguard.online.frameworks import DATA_FILE, load_frameworks, read_data


class Command(BaseCommand):
    help = "Validate and load the online-protection frameworks (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                counts = load_frameworks(
                    read_data(options["file"]), lambda name: apps.get_model("online", name)
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            "Loaded {frameworks} frameworks, {versions} versions, {capabilities} capabilities, "
            "{links} cross-walk links.".format(**counts)
        )
