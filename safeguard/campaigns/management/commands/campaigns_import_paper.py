"""Import a keyed paper batch from a CSV on disk (streamed; COPY on PostgreSQL).

Validates the whole file first and prints every bad row with its line number; writes nothing
unless it is clean, and only with --approve. The same file twice changes nothing.
"""

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguard.campaigns import paper
from safeguard.campaigns.models import PaperBatch, Petition
from safeguard.countries.models import Country


class Command(BaseCommand):
    help = "Validate (and with --approve, import) a keyed paper batch from a CSV file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("petition")
        parser.add_argument("path")
        parser.add_argument("--country", required=True)
        parser.add_argument("--place", required=True)
        parser.add_argument("--collector", required=True)
        parser.add_argument("--collected-on", default=date.today().isoformat())
        parser.add_argument("--language", default="en")
        parser.add_argument("--sheets", default="")
        parser.add_argument("--approve", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        petition = Petition.objects.filter(slug=options["petition"]).first()
        if petition is None:
            raise CommandError("no such petition")
        path = Path(options["path"])
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sha = digest.hexdigest()
        batch = PaperBatch.objects.filter(petition=petition, source_sha256=sha).first()
        if batch is not None and batch.state == PaperBatch.State.APPROVED:
            self.stdout.write(f"already imported as batch {batch.pk}: nothing changed")
            return
        data = {
            "country": Country.objects.get(iso2=options["country"].upper()),
            "language": options["language"],
            "place": options["place"],
            "collector": options["collector"],
            "collected_on": date.fromisoformat(options["collected_on"]),
            "sheet_refs": options["sheets"],
            "source_name": path.name[:200],
        }
        if batch is None and options["approve"]:
            # One pass: rows stream into the database as they are validated; a bad row rolls back.
            batch, report = paper.import_and_approve(
                petition=petition, path=str(path), data=data, source_sha256=sha, actor=None
            )
            self._fail_on_errors(report)
            assert batch is not None
            self.stdout.write(f"imported {batch.rows_imported} rows, {batch.rows_duplicate} duplicates")
            return
        if batch is None:
            report = paper.validate_file(petition, paper.iter_file(str(path)))
            self._fail_on_errors(report)
            with transaction.atomic():
                batch = PaperBatch.objects.create(
                    petition=petition,
                    kind=PaperBatch.Kind.KEYED,
                    source_sha256=sha,
                    rows_valid=report.rows_valid,
                    **data,
                )
            self.stdout.write(f"valid: {report.rows_valid} rows; batch {batch.pk} waits for approval")
        if options["approve"]:
            batch = paper.batch_approve(batch=batch, actor=None, source=str(path))
            self.stdout.write(f"imported {batch.rows_imported} rows, {batch.rows_duplicate} duplicates")

    def _fail_on_errors(self, report: paper.ValidationReport) -> None:
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.is_clean:
            raise CommandError(f"{len(report.errors)} bad rows: nothing written")
