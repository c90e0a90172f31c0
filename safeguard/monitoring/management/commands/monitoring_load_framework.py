"""Load (or update) a monitoring framework version from its data file.

Usage: ``monitoring_load_framework [path]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.monitoring.framework import framework_load, framework_path


class Command(BaseCommand):
    help = "Load and validate a monitoring framework data file (default: the current version)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(framework_path()))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            version = framework_load(Path(options["path"]))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        count = version.sub_indicators.count()
        self.stdout.write(f"Loaded framework {version.version}: {count} sub-indicators.")
