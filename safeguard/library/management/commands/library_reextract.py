"""Re-extract the text of every library PDF and rebuild the search index (DSpace filter-media)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguard.library.indexing import file_extract, reindex_all
from safeguard.library.models import ResourceFile


class Command(BaseCommand):
    help = "Re-extract text from every library file (or only rebuild the index with --index-only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--index-only", action="store_true", help="Rebuild the index from stored text.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["index_only"]:
            files = ResourceFile.objects.select_related("version__resource").order_by("pk")
            outcomes: dict[str, int] = {}
            for file in files.iterator():
                outcome = file_extract(file).extraction
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "no files")
        self.stdout.write(f"{reindex_all()} versions indexed")
