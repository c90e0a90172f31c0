"""Paper signatures: tally batches and keyed batches imported from CSV or XLSX.

A keyed file is validated as a whole (every bad row with its line number) and stored; nothing
reaches the signature table until someone approves the batch. Approval inserts the rows with
``ON CONFLICT DO NOTHING`` on (petition, email hash), so a signer already counted online, or in
another batch, is a duplicate and not counted twice; one ``CountDelta`` per batch moves the
counter. The same file cannot make a second batch (its SHA-256 is unique per petition), so
re-importing it changes nothing. On PostgreSQL the rows go in through COPY.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeguard.lib.tabular import RowError, read_table

from . import identity
from .models import Channel, CountDelta, PaperBatch, Petition, Signature

COLUMNS = ("name", "email")
MAX_ERRORS = 200
EXACT_DUPLICATE_CHECK_ROWS = 200_000
_URL = re.compile(r"(https?://|www\.)", re.IGNORECASE)


@dataclass
class PaperRow:
    name: str
    email: str
    email_hmac: str | None


# A strict subset of what Django's EmailValidator accepts (plain ASCII dot-atom at a plain
# domain): most rows of a paper file match it, and only the others pay for the full validator.
_SIMPLE_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
EMAIL_MAX_LENGTH = Signature._meta.get_field("email").max_length or 254
NAME_MAX_LENGTH = Signature._meta.get_field("name").max_length or 200


def _email_is_valid(email: str) -> bool:
    if len(email) > EMAIL_MAX_LENGTH:
        return False
    if _SIMPLE_EMAIL.fullmatch(email):
        return True
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def validate_row(row: dict[str, str]) -> PaperRow:
    name = row.get("name", "").strip()
    email = row.get("email", "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("A name is required.")]
    elif len(name) > NAME_MAX_LENGTH or _URL.search(name) or name[0] in "=+-@":
        errors["name"] = [_("This name cannot be a signer's name.")]
    if email and not _email_is_valid(email):
        errors["email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    return PaperRow(name=name, email=email, email_hmac=identity.email_hmac(email) if email else None)


def iter_file(path_or_bytes: str | bytes, filename: str = "") -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with line numbers; a CSV on disk is streamed (constant memory), anything else read."""
    if isinstance(path_or_bytes, bytes):
        yield from read_table(path_or_bytes, filename=filename, required=("name",))
        return
    with open(path_or_bytes, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "name" not in header:
            raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": "name"})
        for values in reader:
            if not any(values):
                continue
            yield reader.line_num, dict(zip(header, values, strict=False))


@dataclass
class ValidationReport:
    rows_valid: int = 0
    duplicates_in_file: int = 0
    duplicates_online: int = 0
    errors: list[RowError] = field(default_factory=list)
    exact_duplicates: bool = True

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def add_errors(self, line: int, exc: ValidationError) -> bool:
        """Record a bad row's errors; true once there are enough to stop reading."""
        for column, messages in exc.message_dict.items():
            self.errors.extend(RowError(line, message, column) for message in messages)
        return len(self.errors) >= MAX_ERRORS


def _valid_rows(lines: Iterator[tuple[int, dict[str, str]]], report: ValidationReport) -> Iterator[PaperRow]:
    """The rows that pass ``validate_row``; the others' errors go to ``report``, and reading
    stops once there are ``MAX_ERRORS`` of them."""
    for line, row in lines:
        try:
            parsed = validate_row(row)
        except ValidationError as exc:
            if report.add_errors(line, exc):
                return
            continue
        report.rows_valid += 1
        yield parsed


def validate_file(petition: Petition, lines: Iterator[tuple[int, dict[str, str]]]) -> ValidationReport:
    """One pass over the whole file: errors with line numbers, and duplicates when affordable."""
    report = ValidationReport()
    seen: set[str] = set()
    for parsed in _valid_rows(lines, report):
        if parsed.email_hmac and report.exact_duplicates:
            if parsed.email_hmac in seen:
                report.duplicates_in_file += 1
            seen.add(parsed.email_hmac)
            if len(seen) > EXACT_DUPLICATE_CHECK_ROWS:
                # Very large files: duplicates are counted by the database when the batch is approved.
                report.exact_duplicates, seen = False, set()
    if report.exact_duplicates and seen:
        hashes = list(seen)
        for start in range(0, len(hashes), 5000):
            report.duplicates_online += Signature.objects.filter(
                petition=petition, email_hmac__in=hashes[start : start + 5000]
            ).count()
    return report


def batch_create_tally(*, petition: Petition, data: dict[str, Any], actor: Any) -> PaperBatch:
    """A tally batch waits for approval like a keyed one."""
    return PaperBatch.objects.create(petition=petition, kind=PaperBatch.Kind.TALLY, created_by=actor, **data)


def batch_create_keyed(
    *, petition: Petition, data: dict[str, Any], content: bytes, filename: str, actor: Any
) -> tuple[PaperBatch | None, ValidationReport]:
    """Validate the whole file; store it with a batch waiting for approval only if it is clean.

    The same file twice gives the batch that already exists (nothing changes).
    """
    digest = hashlib.sha256(content).hexdigest()
    existing = PaperBatch.objects.filter(petition=petition, source_sha256=digest).first()
    report = validate_file(petition, iter_file(content, filename))
    if existing is not None or not report.is_clean:
        return existing, report
    path = default_storage.save(f"campaigns/paper/{digest}.bin", ContentFile(content))
    batch = PaperBatch.objects.create(
        petition=petition,
        kind=PaperBatch.Kind.KEYED,
        source_name=filename[:200],
        source_sha256=digest,
        source_path=path,
        rows_valid=report.rows_valid,
        rows_duplicate=report.duplicates_in_file + report.duplicates_online,
        created_by=actor,
        **data,
    )
    return batch, report


def _signature_rows(batch: PaperBatch, lines: Iterator[tuple[int, dict[str, str]]]) -> Iterator[PaperRow]:
    for _line, row in lines:
        yield validate_row(row)


def _insert_sqlite(batch: PaperBatch, rows: Iterator[PaperRow], now: Any) -> int:
    before = Signature.objects.filter(batch=batch).count()
    chunk: list[Signature] = []
    common = {
        "petition_id": batch.petition_id,
        "batch_id": batch.pk,
        "country_id": batch.country_id,
        "channel": Channel.PAPER,
        "language": batch.language,
        "status": Signature.Status.CONFIRMED,
        "processed": True,
        "consent_count": True,
        "created_at": now,
        "confirmed_at": now,
    }
    for row in rows:
        chunk.append(
            Signature(
                name=row.name,
                email=row.email,
                email_hmac=row.email_hmac,
                email_domain=row.email.rpartition("@")[2].lower() if row.email else "",
                **common,
            )
        )
        if len(chunk) >= 5000:
            Signature.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    if chunk:
        Signature.objects.bulk_create(chunk, ignore_conflicts=True)
    return Signature.objects.filter(batch=batch).count() - before


_COPY_COLUMNS = ("name", "email", "email_hmac", "email_domain")
_COPY_SQL = f"COPY campaigns_paper_stage ({', '.join(_COPY_COLUMNS)}) FROM STDIN"


def _create_stage(cursor: Any) -> None:
    cursor.execute(
        "CREATE TEMPORARY TABLE campaigns_paper_stage "
        "(name text, email text, email_hmac text, email_domain text) ON COMMIT DROP"
    )


def _stage_row(copy: Any, row: PaperRow) -> None:
    copy.write_row(
        (row.name, row.email, row.email_hmac, row.email.rpartition("@")[2].lower() if row.email else "")
    )


def _insert_staged(cursor: Any, batch: PaperBatch, now: Any) -> int:
    """One INSERT ... SELECT from the stage; ON CONFLICT skips signers already on the petition.

    Every staged row gets the same three foreign keys: the batch's own petition and country,
    which the batch row's constraints already guarantee, and the batch itself. PostgreSQL would
    still check them once per row, which is half of the cost of a seven-million-row import, so
    where the database role may (a superuser, as for pg_restore's ``--disable-triggers``) those
    per-row checks are skipped for this one statement only. Unique and check constraints apply
    as always.
    """
    skip_checks = _may_skip_row_triggers(cursor)
    if skip_checks:
        cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute(
        f"INSERT INTO {Signature._meta.db_table} (petition_id, batch_id, country_id, channel, "  # noqa: S608
        "language, status, status_reason, name, email, email_hmac, email_domain, ip_hash, net_hash, "
        "consent_count, consent_news, consent_share, consent_version, token_hash, mails_sent, "
        "resend_requested, processed, previous_status, anonymised, created_at, confirmed_at) "
        "SELECT %s, %s, %s, 'paper', %s, 'confirmed', '', name, email, email_hmac, email_domain, "
        "'', '', true, false, false, '', '', 0, false, true, '', false, %s, %s "
        "FROM campaigns_paper_stage ON CONFLICT DO NOTHING",
        [batch.petition_id, batch.pk, batch.country_id, batch.language, now, now],
    )
    inserted = cursor.rowcount
    if skip_checks:
        cursor.execute("SET LOCAL session_replication_role = origin")
    return inserted


def _may_skip_row_triggers(cursor: Any) -> bool:
    """Whether this role may set ``session_replication_role``, and no user trigger would be skipped."""
    cursor.execute(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT EXISTS ("
        "SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal)",
        [Signature._meta.db_table],
    )
    return bool(cursor.fetchone()[0])


def _insert_postgresql(batch: PaperBatch, rows: Iterator[PaperRow], now: Any) -> int:
    """COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING."""
    with connection.cursor() as cursor:
        _create_stage(cursor)
        with cursor.cursor.copy(_COPY_SQL) as copy:
            for row in rows:
                _stage_row(copy, row)
        return _insert_staged(cursor, batch, now)


def batch_apply_rows(batch: PaperBatch, lines: Iterator[tuple[int, dict[str, str]]]) -> int:
    """Insert the keyed rows of ``batch``; duplicates (online or earlier paper) are skipped."""
    now = timezone.now()
    rows = _signature_rows(batch, lines)
    if connection.vendor == "postgresql":
        return _insert_postgresql(batch, rows, now)
    return _insert_sqlite(batch, rows, now)


def batch_approve(*, batch: PaperBatch, actor: Any, source: str | None = None) -> PaperBatch:
    """Write the batch's signatures and move the counter, in one transaction; twice changes nothing.

    ``source`` is a path to read instead of the stored file (used by the import command).
    """
    with transaction.atomic():
        batch = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state == PaperBatch.State.APPROVED:
            return batch
        if batch.kind == PaperBatch.Kind.TALLY:
            added = batch.tally
        else:
            if source is not None:
                lines = iter_file(source)
            else:
                with default_storage.open(batch.source_path, "rb") as handle:
                    content = handle.read()
                lines = iter_file(content, batch.source_name)
            added = batch_apply_rows(batch, lines)
            batch.rows_imported = added
            batch.rows_duplicate = batch.rows_valid - added
        _mark_approved(batch, added, actor)
    return batch


def _mark_approved(batch: PaperBatch, added: int, actor: Any) -> None:
    """Move the counter by what was added and record the approval (inside the caller's transaction)."""
    if added:
        CountDelta.objects.create(
            petition_id=batch.petition_id,
            country_id=batch.country_id,
            channel=Channel.PAPER,
            language=batch.language,
            delta=added,
        )
    batch.state = PaperBatch.State.APPROVED
    batch.approved_by = actor if getattr(actor, "pk", None) else None
    batch.approved_at = timezone.now()
    batch.save()


class _Rejected(Exception):
    """Rolls back a single-pass import that found bad rows."""


def import_and_approve(
    *, petition: Petition, path: str, data: dict[str, Any], source_sha256: str, actor: Any
) -> tuple[PaperBatch | None, ValidationReport]:
    """Validate a keyed file and approve it in one pass over the file (the import command's
    ``--approve``: whoever runs it approves the batch).

    On PostgreSQL each valid row streams into a COPY stage while the next is validated, in one
    transaction; if any row is bad the transaction is rolled back, so nothing is written and the
    report lists every bad row (up to ``MAX_ERRORS``). Elsewhere: validate, then approve.
    """
    if connection.vendor != "postgresql":
        report = validate_file(petition, iter_file(path))
        if not report.is_clean:
            return None, report
        batch = PaperBatch.objects.create(
            petition=petition,
            kind=PaperBatch.Kind.KEYED,
            source_sha256=source_sha256,
            rows_valid=report.rows_valid,
            created_by=actor,
            **data,
        )
        return batch_approve(batch=batch, actor=actor, source=path), report
    report = ValidationReport(exact_duplicates=False)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _create_stage(cursor)
            with cursor.cursor.copy(_COPY_SQL) as copy:
                for parsed in _valid_rows(iter_file(path), report):
                    if not report.errors:
                        _stage_row(copy, parsed)
            if report.errors:
                raise _Rejected
            batch = PaperBatch.objects.create(
                petition=petition,
                kind=PaperBatch.Kind.KEYED,
                source_sha256=source_sha256,
                rows_valid=report.rows_valid,
                created_by=actor,
                **data,
            )
            added = _insert_staged(cursor, batch, timezone.now())
            batch.rows_imported, batch.rows_duplicate = added, report.rows_valid - added
            _mark_approved(batch, added, actor)
    except _Rejected:
        return None, report
    return batch, report


def sample_csv(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()
